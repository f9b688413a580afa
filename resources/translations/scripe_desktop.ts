<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name></name>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="88"/>
        <source>This key is not allowed to add files. In Scripe, create a key with the {scopes} permission and paste it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="101"/>
        <source>You can create a new one in Scripe under {where}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="104"/>
        <source>That doesn&apos;t look like a Scripe API key. Keys start with “scripe_sk_live_” or “scripe_sk_test_”; copy the whole key and paste it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="107"/>
        <source>Scripe doesn&apos;t recognise this key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="108"/>
        <source>This key has been revoked (switched off) in Scripe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="109"/>
        <source>This key has expired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="111"/>
        <source>Your Scripe plan doesn&apos;t include API access. Upgrade the workspace in Scripe, or use a key from a workspace that has it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="116"/>
        <source>Scripe can&apos;t be reached. Check your internet connection and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="119"/>
        <source>The server address in Settings → Advanced is not valid. Reset it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="122"/>
        <source>This version of Scripe Desktop is too old for the Scripe API. Please update it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="127"/>
        <source>Scripe refused this key ({code}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="133"/>
        <source>This computer has no secure password store (keyring) that Scripe Desktop can use, so the key can&apos;t be remembered. You can keep it for this session only: you will paste it again next time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="139"/>
        <source>Your password store (keyring) is locked. Unlock it and try again, or keep the key for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/key_check.py" line="143"/>
        <source>The key could not be saved in your password store (keyring). You can keep it for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="38"/>
        <source>{n} B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="47"/>
        <source>{size}/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="53"/>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="55"/>
        <source>less than a minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="58"/>
        <source>about {n} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="59"/>
        <source>about {h} h {m} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="69"/>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="69"/>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="72"/>
        <source>Audio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="73"/>
        <source>Video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="74"/>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="75"/>
        <source>PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="76"/>
        <source>Word document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="77"/>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="80"/>
        <source>Other ({type})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="88"/>
        <source>Sources · {project}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="91"/>
        <source>Knowledge · {project}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="92"/>
        <source>Knowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="93"/>
        <source>Upload only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="100"/>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="103"/>
        <source>Uploading {pct} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="108"/>
        <source>Adding to Scripe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="110"/>
        <source>Processing in Scripe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="112"/>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="114"/>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="116"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="118"/>
        <source>Already in Scripe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="120"/>
        <source>Skipped: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="120"/>
        <source>not supported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="122"/>
        <source>Failed: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/texts.py" line="122"/>
        <source>unknown error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="86"/>
        <source>Notices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="142"/>
        <source>Scripe no longer accepts your API key. Uploads are paused and nothing is lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="144"/>
        <source>Enter a new key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="147"/>
        <source>Your key is not allowed to do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="148"/>
        <source>Change key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="152"/>
        <source>Your workspace reached its daily limit. Files keep uploading and are added to Scripe at {time}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="155"/>
        <source>Your workspace reached its daily limit. Files keep uploading and are added to Scripe when the limit resets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="159"/>
        <source>Waiting for connection… Uploads continue by themselves once Scripe can be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="163"/>
        <source>Scripe asked us to slow down; continuing at {time}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="165"/>
        <source>Scripe asked us to slow down; continuing shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="167"/>
        <source>Notice from Scripe: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/banner.py" line="168"/>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CloseWithWorkDialog</name>
    <message>
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="32"/>
        <source>Files are still uploading</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="33"/>
        <source>%n file(s) still uploading.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="34"/>
        <source>Scripe Desktop keeps working from the icon in the system tray.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="36"/>
        <source>Scripe Desktop keeps working, minimised to the taskbar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="38"/>
        <source>Keep uploading in the background, or quit now? Nothing is lost if you quit: the remaining files continue the next time you open the app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="43"/>
        <source>Keep uploading in the &amp;background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="45"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DesktopApp</name>
    <message>
        <location filename="../../scripe_desktop/ui/controller.py" line="161"/>
        <source>Scripe Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/controller.py" line="162"/>
        <source>Scripe Desktop could not start its upload queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/controller.py" line="239"/>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DestinationBar</name>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="46"/>
        <source>Destination of the dropped files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="52"/>
        <source>&amp;Sources in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="53"/>
        <source>&amp;Knowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="54"/>
        <source>&amp;Upload only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="55"/>
        <source>Transcribed and indexed in a project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="56"/>
        <source>Added to your workspace&apos;s knowledge base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="57"/>
        <source>Stored in Scripe without adding it anywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="62"/>
        <source>Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="69"/>
        <source>Load the list of projects again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="70"/>
        <source>Reload projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="72"/>
        <source>S&amp;tart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="73"/>
        <source>Start uploading this batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="78"/>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="79"/>
        <source>Hide the destination bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="106"/>
        <source>Loading projects…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="114"/>
        <source>Projects unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="125"/>
        <source>No projects yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="127"/>
        <source>Choose a project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="165"/>
        <source>Send dropped files to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="167"/>
        <source>Send %n file(s) to:</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="188"/>
        <source>Choose a project first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="44"/>
        <source>Drop zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="45"/>
        <source>Drop files or folders here to upload them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="49"/>
        <source>Drop files or folders here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="55"/>
        <source>Audio, video, images, PDF, Word and text files. Folders are searched too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="61"/>
        <source>Add &amp;files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="62"/>
        <source>Add f&amp;older…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="63"/>
        <source>Add files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="64"/>
        <source>Add folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="150"/>
        <source>Add files to upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/drop_zone.py" line="155"/>
        <source>Add a folder to upload</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="62"/>
        <location filename="../../scripe_desktop/ui/main_window.py" line="249"/>
        <source>Scripe Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="101"/>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="105"/>
        <source>Add files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="108"/>
        <source>Add folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="111"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="116"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="127"/>
        <source>Connected workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="129"/>
        <source>Sandbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/main_window.py" line="131"/>
        <source>Connected to a local test server: nothing reaches your real Scripe workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/main_window.py" line="237"/>
        <source>Looking for files… %n found so far</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OnboardingDialog</name>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="57"/>
        <source>Connect Scripe Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="61"/>
        <source>&lt;h2&gt;Welcome to Scripe Desktop&lt;/h2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="64"/>
        <source>Drop files and folders on this window and they go to your Scripe workspace, as sources or knowledge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="70"/>
        <source>To connect, paste an API key. In Scripe, open &lt;b&gt;{where}&lt;/b&gt; and create one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="78"/>
        <source>Paste your key: scripe_sk_live_…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="79"/>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="81"/>
        <source>Show or hide the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="89"/>
        <source>&amp;API key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="96"/>
        <source>Checking the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="102"/>
        <source>Result of the key check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="104"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="117"/>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="120"/>
        <source>Keep for this &amp;session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="122"/>
        <source>Use the key until Scripe Desktop closes, without saving it anywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="170"/>
        <source>Checking the key with Scripe…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="203"/>
        <source>Paste your API key first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="227"/>
        <source>The key could not be checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="232"/>
        <source>Connected to the workspace “{name}” (plan: {plan}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/onboarding.py" line="233"/>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../scripe_desktop/ui/queue_model.py" line="83"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_model.py" line="84"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_model.py" line="85"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_model.py" line="86"/>
        <source>Destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_model.py" line="87"/>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_model.py" line="88"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_model.py" line="89"/>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueStatusBar</name>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="24"/>
        <source>Queue status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="26"/>
        <source>Nothing to upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="27"/>
        <source>Queue summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="31"/>
        <source>Show failed only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="36"/>
        <source>Show failed files only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="37"/>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="72"/>
        <source>Retry all failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="38"/>
        <source>Retry all failed files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="40"/>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="65"/>
        <source>Pause all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="42"/>
        <source>Pause or resume all uploads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="43"/>
        <source>Clear finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="44"/>
        <source>Remove finished files from the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="65"/>
        <source>Resume all</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/status_bar.py" line="72"/>
        <source>Retry %n failed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="77"/>
        <source>All done. Drop more files to upload them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/status_bar.py" line="78"/>
        <source>%n file(s) left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="81"/>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/status_bar.py" line="86"/>
        <source>{time} left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="45"/>
        <source>Upload queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="67"/>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="68"/>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="69"/>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="70"/>
        <source>Re&amp;try</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="72"/>
        <source>Re&amp;move from list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="75"/>
        <source>Open file &amp;location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/queue_view.py" line="79"/>
        <source>&amp;Copy result id</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultDelegate</name>
    <message>
        <location filename="../../scripe_desktop/ui/delegates.py" line="80"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="53"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="56"/>
        <source>&amp;Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="57"/>
        <source>&amp;Uploads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="58"/>
        <source>A&amp;dvanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="74"/>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="187"/>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="75"/>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="76"/>
        <source>Workspace:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="77"/>
        <source>&amp;Change key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="78"/>
        <source>&amp;Remove key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="85"/>
        <source>API key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="87"/>
        <source>The key is kept in your system&apos;s password store, never in a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="88"/>
        <source>Sandbox mode uses a built-in test key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="100"/>
        <source>Sources in a project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="101"/>
        <source>Knowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="102"/>
        <source>Upload only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="104"/>
        <source>Ask on each drop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="117"/>
        <source>Default &amp;destination:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="118"/>
        <source>&amp;Project:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="123"/>
        <source>&amp;Simultaneous uploads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="125"/>
        <source>&amp;Limit upload speed to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="128"/>
        <source> KB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="129"/>
        <source>Upload speed limit in kilobytes per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="139"/>
        <source>Bandwidth:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="146"/>
        <source>API address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="149"/>
        <source>R&amp;eset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="155"/>
        <source>API &amp;address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="160"/>
        <source>Only change this for a staging server or the local sandbox. Takes effect after a restart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="176"/>
        <source>Remove key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="177"/>
        <source>Remove the API key from this computer? Uploads stop until you enter a key again; the queue is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="180"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/settings_dialog.py" line="197"/>
        <source>The address must start with https:// (http:// only for this computer).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <location filename="../../scripe_desktop/ui/tray.py" line="38"/>
        <location filename="../../scripe_desktop/ui/tray.py" line="71"/>
        <source>Scripe Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/tray.py" line="48"/>
        <location filename="../../scripe_desktop/ui/tray.py" line="74"/>
        <source>%n file(s) left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/tray.py" line="54"/>
        <source>Show Scripe Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/tray.py" line="56"/>
        <source>Resume all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/tray.py" line="59"/>
        <source>Pause all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../scripe_desktop/ui/tray.py" line="62"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
