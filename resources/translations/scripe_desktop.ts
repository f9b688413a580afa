<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name></name>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="96"/>
        <source>This key is not allowed to add files. In Scripe, create a key with the {scopes} permission and paste it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="109"/>
        <source>You can create a new one in Scripe under {where}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="112"/>
        <source>That doesn&apos;t look like a Scripe API key. Keys start with “scripe_sk_live_” or “scripe_sk_test_”; copy the whole key and paste it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="115"/>
        <source>Scripe doesn&apos;t recognise this key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="116"/>
        <source>This key has been revoked (switched off) in Scripe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="117"/>
        <source>This key has expired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="119"/>
        <source>Your Scripe plan doesn&apos;t include API access. Upgrade the workspace in Scripe, or use a key from a workspace that has it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="123"/>
        <source>Scripe can&apos;t be reached. Check your internet connection and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="125"/>
        <source>The server address in Settings → Advanced is not valid. Reset it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="128"/>
        <source>This version of Scripe Desktop is too old for the Scripe API. Please update it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="133"/>
        <source>Scripe refused this key ({code}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="139"/>
        <source>This computer has no secure password store (keyring) that Scripe Desktop can use, so the key can&apos;t be remembered. You can keep it for this session only: you will paste it again next time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="145"/>
        <source>Your password store (keyring) is locked. Unlock it and try again, or keep the key for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="149"/>
        <source>The key could not be saved in your password store (keyring). You can keep it for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="39"/>
        <source>{n} B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="48"/>
        <source>{size}/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="54"/>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="56"/>
        <source>less than a minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="59"/>
        <source>about {n} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="60"/>
        <source>about {h} h {m} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="70"/>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="70"/>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="73"/>
        <source>Audio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="74"/>
        <source>Video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="75"/>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="76"/>
        <source>PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="77"/>
        <source>Word document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="78"/>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="81"/>
        <source>Other ({type})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="89"/>
        <source>Sources · {project}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="92"/>
        <source>Knowledge · {project}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="93"/>
        <location filename="../../scripe_desktop/ui/texts.py" line="104"/>
        <source>Knowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="94"/>
        <source>Upload only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="100"/>
        <source>the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="103"/>
        <source>Knowledge in {project}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="105"/>
        <source>Scripe (not added anywhere)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="112"/>
        <source>Uploaded, not added anywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="113"/>
        <source>Added to {place}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="115"/>
        <source>Already in {place}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="133"/>
        <source>Waiting for you to choose a destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="134"/>
        <source>Waiting for a working API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="135"/>
        <source>Waiting for connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="136"/>
        <source>Uploaded · waiting for the daily limit to reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="137"/>
        <source>Waiting: Scripe asked us to slow down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="138"/>
        <source>Waiting for a free upload slot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="139"/>
        <source>Waiting to try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="168"/>
        <source>no data sent for a while</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="200"/>
        <source>{n} added to {place}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="202"/>
        <source>{n} already there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="203"/>
        <source>{n} skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="204"/>
        <source>{n} failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="205"/>
        <source>{n} cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/texts.py" line="212"/>
        <source>%n system file(s) ignored</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="213"/>
        <source>Nothing to upload in this batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="162"/>
        <source>Uploading {pct} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="173"/>
        <source>Adding to Scripe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="175"/>
        <source>Processing in Scripe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="179"/>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="181"/>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="183"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="187"/>
        <source>Already in Scripe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="189"/>
        <source>Skipped: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="189"/>
        <source>not supported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="191"/>
        <source>Failed: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="191"/>
        <source>unknown error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_facts.py" line="62"/>
        <source>waiting for a working API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_facts.py" line="64"/>
        <source>waiting for a key that may add files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_facts.py" line="66"/>
        <source>waiting for connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_facts.py" line="68"/>
        <source>waiting for the daily limit to reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_facts.py" line="70"/>
        <source>Scripe asked us to slow down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_facts.py" line="72"/>
        <source>waiting for you to choose a destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/pause_all.py" line="41"/>
        <source>Pause all uploads</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/pause_all.py" line="42"/>
        <source>%n file(s) are nearly uploaded. Let them finish first?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/pause_all.py" line="43"/>
        <source>&amp;Let them finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/pause_all.py" line="45"/>
        <source>&amp;Pause all now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/pause_all.py" line="47"/>
        <source>A file paused while uploading is sent again from the beginning when you resume. Files that are nearly done can finish first; everything else pauses now.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../scripe_desktop/ui/about.py" line="63"/>
        <source>About Scripe Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/about.py" line="69"/>
        <source>Version {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/about.py" line="76"/>
        <source>© Scripe. Scripe Desktop may be used with a Scripe workspace under Scripe&apos;s terms of service. It uses Qt and PySide6 under the GNU LGPL version 3 (as separate libraries you may replace), libmagic, httpx and keyring under BSD and MIT licences, and botocore under the Apache License 2.0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/about.py" line="84"/>
        <source>Log folder: {folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/about.py" line="91"/>
        <source>Open log folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/about.py" line="93"/>
        <source>Copy diagnostics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/about.py" line="96"/>
        <source>Copies version, system, keyring and queue details and recent errors, to paste into a support request. Your API key is never included.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/about.py" line="101"/>
        <location filename="../../scripe_desktop/ui/about.py" line="183"/>
        <source>Show details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/about.py" line="147"/>
        <source>Could not open the folder. Its path is shown above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/about.py" line="154"/>
        <source>Collecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/about.py" line="174"/>
        <source>Copied. Paste it into your message to Scripe support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/about.py" line="179"/>
        <source>Could not collect the diagnostics. Please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/about.py" line="183"/>
        <source>Hide details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="149"/>
        <source>Notices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="235"/>
        <source>&lt;b&gt;Scripe no longer accepts your API key&lt;/b&gt; (it was revoked or has expired). Uploads already under way finish, but nothing is added to Scripe until you enter a new key. Your queue is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="239"/>
        <source>Enter a new key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="243"/>
        <source>&lt;b&gt;Connect your Scripe account&lt;/b&gt; to start uploading. Files you add wait in the queue until then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="246"/>
        <source>Connect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="250"/>
        <source>Your key is not allowed to do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="251"/>
        <source>Change key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="257"/>
        <source>Your workspace reached its daily limit. Files keep uploading and are added to Scripe at {time}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="262"/>
        <source>Your workspace reached its daily limit. Files keep uploading and are added to Scripe when the limit resets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="268"/>
        <source>Waiting for connection… Uploads continue by themselves once Scripe can be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="272"/>
        <source>Scripe asked us to slow down; continuing at {time}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="275"/>
        <source>Scripe asked us to slow down; continuing shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="278"/>
        <source>Uploading stopped unexpectedly. Nothing is lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="279"/>
        <source>Restart uploading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="287"/>
        <source>Scripe will stop supporting this version of the app on {date}. {link}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="291"/>
        <source>Scripe will soon stop supporting this version of the app. {link}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="293"/>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CloseWithWorkDialog</name>
    <message>
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="41"/>
        <source>Files are still uploading</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="42"/>
        <source>%n file(s) still uploading.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="44"/>
        <source>Files are waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="45"/>
        <source>%n file(s) waiting to upload.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="50"/>
        <source>%n more file(s) waiting; they stay in the queue.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="56"/>
        <source>Scripe Desktop keeps working from the icon in the system tray.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="58"/>
        <source>Scripe Desktop keeps working, minimised to the taskbar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="63"/>
        <source>Keep uploading in the background, or quit now? Nothing is lost if you quit: the remaining files continue the next time you open the app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="70"/>
        <source>Keep uploading in the &amp;background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="72"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DesktopApp</name>
    <message>
        <location filename="../../scripe_desktop/ui/controller.py" line="195"/>
        <source>Scripe Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/controller.py" line="196"/>
        <source>Scripe Desktop could not start its upload queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/controller.py" line="287"/>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DestinationBar</name>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="53"/>
        <source>Destination of the dropped files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="60"/>
        <source>&amp;Sources in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="61"/>
        <source>&amp;Knowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="62"/>
        <source>Transcribed and indexed in a project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="63"/>
        <source>Added to your workspace&apos;s knowledge base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="68"/>
        <source>Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="75"/>
        <source>Load the list of projects again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="76"/>
        <source>Reload projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="78"/>
        <source>S&amp;tart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="79"/>
        <source>Start uploading this batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="84"/>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="85"/>
        <source>Hide the destination bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="111"/>
        <source>Loading projects…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="119"/>
        <source>Projects unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="130"/>
        <source>No projects yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="132"/>
        <source>Choose a project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="169"/>
        <source>Send dropped files to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="171"/>
        <source>Send %n file(s) to:</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="211"/>
        <source>Choose a project first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <location filename="../../scripe_desktop/ui/details_pane.py" line="25"/>
        <source>Details of the selected file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/details_pane.py" line="35"/>
        <source>Status in full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/details_pane.py" line="39"/>
        <source>Technical details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/details_pane.py" line="79"/>
        <source>Scripe could not process the copy it received; that copy stays in Scripe. Trying again sends a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/details_pane.py" line="83"/>
        <source>When you resume, the file is sent again from the beginning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/details_pane.py" line="85"/>
        <source>Scripe id: {id}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="57"/>
        <source>Drop zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="58"/>
        <source>Drop files or folders here to upload them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="62"/>
        <source>Drop files or folders here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="68"/>
        <source>Audio, video, images, PDF, Word and text files. Folders are searched too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="74"/>
        <source>Add &amp;files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="75"/>
        <source>Add f&amp;older…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="76"/>
        <source>Add files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="77"/>
        <source>Add folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="160"/>
        <source>Audio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="161"/>
        <source>Video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="162"/>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="163"/>
        <source>PDF documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="164"/>
        <source>Word documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="165"/>
        <source>Text files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="169"/>
        <source>Files Scripe accepts ({patterns})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="171"/>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="176"/>
        <source>Add files to upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="185"/>
        <source>Add a folder to upload</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <location filename="../../scripe_desktop/ui/about.py" line="209"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/about.py" line="210"/>
        <source>About Scripe Desktop</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="80"/>
        <location filename="../../scripe_desktop/ui/main_window.py" line="383"/>
        <source>Scripe Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="125"/>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="129"/>
        <source>Add files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="132"/>
        <source>Add folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="135"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="140"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="145"/>
        <source>Pause or resume all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="157"/>
        <source>Connected workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="159"/>
        <source>Sandbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="162"/>
        <source>Connected to a local test server: nothing reaches your real Scripe workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="358"/>
        <source>No failed files</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OnboardingDialog</name>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="72"/>
        <source>Enter a new Scripe key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="73"/>
        <source>&lt;h2&gt;Your Scripe key stopped working&lt;/h2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="76"/>
        <source>Scripe no longer accepts the key this app was using: it was revoked or has expired. Your queue is kept; uploads continue once a new key works.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="82"/>
        <source>Create a new key in Scripe under &lt;b&gt;{where}&lt;/b&gt; and paste it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="86"/>
        <source>Connect Scripe Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="87"/>
        <source>&lt;h2&gt;Welcome to Scripe Desktop&lt;/h2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="90"/>
        <source>Drop files and folders on this window and they go to your Scripe workspace, as sources or knowledge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="96"/>
        <source>To connect, paste an API key. In Scripe, open &lt;b&gt;{where}&lt;/b&gt; and create one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="105"/>
        <source>Open Scripe’s API keys page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="110"/>
        <source>Paste your key: scripe_sk_live_…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="111"/>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="113"/>
        <source>Show or hide the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="121"/>
        <source>&amp;API key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="128"/>
        <source>Checking the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="134"/>
        <source>Result of the key check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="136"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="149"/>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="152"/>
        <source>Keep for this &amp;session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="154"/>
        <source>Use the key until Scripe Desktop closes, without saving it anywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="220"/>
        <source>Checking the key with Scripe…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="259"/>
        <source>Paste your API key first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="284"/>
        <source>The key could not be checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="291"/>
        <source>Connected to the workspace “{name}” (plan: {plan}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="292"/>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../scripe_desktop/ui/queue_model.py" line="105"/>
        <source>Open in Scripe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_model.py" line="110"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_model.py" line="111"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_model.py" line="112"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_model.py" line="113"/>
        <source>Destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_model.py" line="114"/>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_model.py" line="115"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_model.py" line="116"/>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueStatusBar</name>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="51"/>
        <source>Queue status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="56"/>
        <source>Queue summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="62"/>
        <source>Folder scan progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="70"/>
        <source>Show failed only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="75"/>
        <source>Show failed files only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="76"/>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="141"/>
        <source>Retry all failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="77"/>
        <source>Retry all failed files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="81"/>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="108"/>
        <source>Pause all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="82"/>
        <source>Pause or resume all uploads (Ctrl+Shift+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="83"/>
        <source>Pause or resume all uploads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="84"/>
        <source>Clear finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="85"/>
        <source>Remove finished files from the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="108"/>
        <source>Resume all</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/status_bar.py" line="134"/>
        <source>Looking for files… %n found</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/status_bar.py" line="141"/>
        <source>Retry %n failed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/status_bar.py" line="160"/>
        <source>%n failed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/status_bar.py" line="168"/>
        <source>Finished; %n file(s) failed: select one to see why.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="172"/>
        <source>All done. Drop more files to upload them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="174"/>
        <source>Nothing left to upload. Drop more files to upload them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="175"/>
        <source>Nothing left to upload.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/status_bar.py" line="148"/>
        <source>%n file(s) left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="55"/>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="165"/>
        <source>Drop files or folders to upload them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="151"/>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="156"/>
        <source>{time} left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="63"/>
        <source>Upload queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="95"/>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="289"/>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="96"/>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="97"/>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="98"/>
        <source>Re&amp;try</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="100"/>
        <source>Re&amp;move from list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="103"/>
        <source>Open file &amp;location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="106"/>
        <source>&amp;Open in Scripe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="109"/>
        <source>&amp;Copy id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="281"/>
        <source>Pause “{name}”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/queue_view.py" line="283"/>
        <source>Pause %n uploading file(s)?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="287"/>
        <source>Pause upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="291"/>
        <source>&amp;Keep uploading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="293"/>
        <source>An upload can&apos;t continue where it stopped: when you resume, the file is sent again from the beginning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="308"/>
        <source>Remove from list</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/queue_view.py" line="309"/>
        <source>Remove %n unfinished file(s) from the list?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="310"/>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="313"/>
        <source>They stop uploading and are not added to Scripe. The files on your computer are not touched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="328"/>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="329"/>
        <source>Send the file to Scripe again?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="330"/>
        <source>&amp;Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="333"/>
        <source>Scripe could not process the copy it received. That failed copy stays in Scripe; trying again sends a new one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultDelegate</name>
    <message>
        <location filename="../../scripe_desktop/ui/delegates.py" line="80"/>
        <source>Open in Scripe</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="56"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="59"/>
        <source>&amp;Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="60"/>
        <source>&amp;Uploads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="61"/>
        <source>A&amp;dvanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="77"/>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="205"/>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="78"/>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="79"/>
        <source>Workspace:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="81"/>
        <source>&amp;Change key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="83"/>
        <source>&amp;Remove key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="90"/>
        <source>API key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="92"/>
        <source>The key is kept in your system&apos;s password store, never in a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="94"/>
        <source>Sandbox mode uses a built-in test key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="106"/>
        <source>Sources in a project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="107"/>
        <source>Knowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="131"/>
        <source>Upload speed limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="132"/>
        <source>No limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="134"/>
        <source>Limit to {n} MB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="139"/>
        <source>Limit to {speed}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="143"/>
        <source>&amp;Bandwidth:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="170"/>
        <source>Only change this for a staging server or the local sandbox. Uploads switch to the new address when you press OK.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="109"/>
        <source>Ask on each drop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="81"/>
        <source>Add &amp;key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="122"/>
        <source>Default &amp;destination:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="123"/>
        <source>&amp;Project:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="128"/>
        <source>&amp;Simultaneous uploads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="152"/>
        <source>API address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="155"/>
        <source>R&amp;eset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="161"/>
        <source>API &amp;address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="190"/>
        <source>Remove key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="192"/>
        <source>Remove the API key from this computer? Uploads stop until you enter a key again; the queue is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="198"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="216"/>
        <source>The address must start with https:// (http:// only for this computer).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <location filename="../../scripe_desktop/ui/tray.py" line="42"/>
        <location filename="../../scripe_desktop/ui/tray.py" line="76"/>
        <source>Scripe Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/tray.py" line="52"/>
        <location filename="../../scripe_desktop/ui/tray.py" line="79"/>
        <source>%n file(s) left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/tray.py" line="57"/>
        <source>Show Scripe Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/tray.py" line="60"/>
        <source>Resume all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/tray.py" line="63"/>
        <source>Pause all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/tray.py" line="65"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
