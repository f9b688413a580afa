<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name></name>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/texts.py" line="212"/>
        <source>%n system file(s) ignored</source>
        <translation>
            <numerusform>%n system file ignored</numerusform>
            <numerusform>%n system files ignored</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/pause_all.py" line="42"/>
        <source>%n file(s) are nearly uploaded. Let them finish first?</source>
        <translation>
            <numerusform>%n system file ignored&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n system file ignored&lt;/numerusform&gt;
            &lt;numerusform&gt;%n system files ignored&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/pause_all.py&quot; line=&quot;42&quot;/&gt;
        &lt;source&gt;%n file is nearly uploaded. Let them finish first?</numerusform>
            <numerusform>%n system files ignored&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n system file ignored&lt;/numerusform&gt;
            &lt;numerusform&gt;%n system files ignored&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/pause_all.py&quot; line=&quot;42&quot;/&gt;
        &lt;source&gt;%n files are nearly uploaded. Let them finish first?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CloseWithWorkDialog</name>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="42"/>
        <source>%n file(s) still uploading.</source>
        <translation>
            <numerusform>%n file still uploading.</numerusform>
            <numerusform>%n files still uploading.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="45"/>
        <source>%n file(s) waiting to upload.</source>
        <translation>
            <numerusform>%n file waiting to upload.</numerusform>
            <numerusform>%n files waiting to upload.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/close_dialog.py" line="50"/>
        <source>%n more file(s) waiting; they stay in the queue.</source>
        <translation>
            <numerusform>%n more file waiting; they stay in the queue.</numerusform>
            <numerusform>%n more files waiting; they stay in the queue.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DestinationBar</name>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/destination_bar.py" line="171"/>
        <source>Send %n file(s) to:</source>
        <translation>
            <numerusform>Send %n file to:</numerusform>
            <numerusform>Send %n files to:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueStatusBar</name>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/status_bar.py" line="134"/>
        <source>Looking for files… %n found</source>
        <translation>
            <numerusform>Looking for files… %n found</numerusform>
            <numerusform>Looking for files… %n found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/status_bar.py" line="141"/>
        <source>Retry %n failed</source>
        <translation>
            <numerusform>Retry %n failed</numerusform>
            <numerusform>Retry %n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/status_bar.py" line="148"/>
        <source>%n file(s) left</source>
        <translation>
            <numerusform>%n file left</numerusform>
            <numerusform>%n files left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/status_bar.py" line="160"/>
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/status_bar.py" line="168"/>
        <source>Finished; %n file(s) failed: select one to see why.</source>
        <translation>
            <numerusform>Finished; %n file failed: select one to see why.</numerusform>
            <numerusform>Finished; %n files failed: select one to see why.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/queue_view.py" line="283"/>
        <source>Pause %n uploading file(s)?</source>
        <translation>
            <numerusform>Pause %n uploading file?</numerusform>
            <numerusform>Pause %n uploading files?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/queue_view.py" line="309"/>
        <source>Remove %n unfinished file(s) from the list?</source>
        <translation>
            <numerusform>%n file still uploading.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n file still uploading.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n files still uploading.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/close_dialog.py&quot; line=&quot;45&quot;/&gt;
        &lt;source&gt;%n file waiting to upload.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n file waiting to upload.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n files waiting to upload.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/close_dialog.py&quot; line=&quot;50&quot;/&gt;
        &lt;source&gt;%n more file waiting; they stay in the queue.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n more file waiting; they stay in the queue.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n more files waiting; they stay in the queue.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;DestinationBar&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/destination_bar.py&quot; line=&quot;171&quot;/&gt;
        &lt;source&gt;Send %n file to:&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Send %n file to:&lt;/numerusform&gt;
            &lt;numerusform&gt;Send %n files to:&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;QueueStatusBar&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/status_bar.py&quot; line=&quot;127&quot;/&gt;
        &lt;source&gt;Looking for files… %n found&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Looking for files… %n found&lt;/numerusform&gt;
            &lt;numerusform&gt;Looking for files… %n found&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/status_bar.py&quot; line=&quot;134&quot;/&gt;
        &lt;source&gt;Retry %n failed&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Retry %n failed&lt;/numerusform&gt;
            &lt;numerusform&gt;Retry %n failed&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/status_bar.py&quot; line=&quot;141&quot;/&gt;
        &lt;source&gt;%n file left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n file left&lt;/numerusform&gt;
            &lt;numerusform&gt;%n files left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/status_bar.py&quot; line=&quot;153&quot;/&gt;
        &lt;source&gt;%n failed&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n failed&lt;/numerusform&gt;
            &lt;numerusform&gt;%n failed&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/status_bar.py&quot; line=&quot;161&quot;/&gt;
        &lt;source&gt;Finished; %n file failed: select one to see why.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Finished; %n file failed: select one to see why.&lt;/numerusform&gt;
            &lt;numerusform&gt;Finished; %n files failed: select one to see why.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;QueueView&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/queue_view.py&quot; line=&quot;274&quot;/&gt;
        &lt;source&gt;Pause %n uploading file?&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Pause %n uploading file?&lt;/numerusform&gt;
            &lt;numerusform&gt;Pause %n uploading files?&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/queue_view.py&quot; line=&quot;300&quot;/&gt;
        &lt;source&gt;Remove %n unfinished file from the list?</numerusform>
            <numerusform>%n files still uploading.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n file still uploading.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n files still uploading.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/close_dialog.py&quot; line=&quot;45&quot;/&gt;
        &lt;source&gt;%n files waiting to upload.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n file waiting to upload.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n files waiting to upload.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/close_dialog.py&quot; line=&quot;50&quot;/&gt;
        &lt;source&gt;%n more files waiting; they stay in the queue.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n more file waiting; they stay in the queue.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n more files waiting; they stay in the queue.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;DestinationBar&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/destination_bar.py&quot; line=&quot;171&quot;/&gt;
        &lt;source&gt;Send %n files to:&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Send %n file to:&lt;/numerusform&gt;
            &lt;numerusform&gt;Send %n files to:&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;QueueStatusBar&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/status_bar.py&quot; line=&quot;127&quot;/&gt;
        &lt;source&gt;Looking for files… %n found&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Looking for files… %n found&lt;/numerusform&gt;
            &lt;numerusform&gt;Looking for files… %n found&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/status_bar.py&quot; line=&quot;134&quot;/&gt;
        &lt;source&gt;Retry %n failed&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Retry %n failed&lt;/numerusform&gt;
            &lt;numerusform&gt;Retry %n failed&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/status_bar.py&quot; line=&quot;141&quot;/&gt;
        &lt;source&gt;%n files left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n file left&lt;/numerusform&gt;
            &lt;numerusform&gt;%n files left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/status_bar.py&quot; line=&quot;153&quot;/&gt;
        &lt;source&gt;%n failed&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n failed&lt;/numerusform&gt;
            &lt;numerusform&gt;%n failed&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/status_bar.py&quot; line=&quot;161&quot;/&gt;
        &lt;source&gt;Finished; %n files failed: select one to see why.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Finished; %n file failed: select one to see why.&lt;/numerusform&gt;
            &lt;numerusform&gt;Finished; %n files failed: select one to see why.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;QueueView&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/queue_view.py&quot; line=&quot;274&quot;/&gt;
        &lt;source&gt;Pause %n uploading files?&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Pause %n uploading file?&lt;/numerusform&gt;
            &lt;numerusform&gt;Pause %n uploading files?&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;location filename=&quot;../../scripe_desktop/ui/queue_view.py&quot; line=&quot;300&quot;/&gt;
        &lt;source&gt;Remove %n unfinished files from the list?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message numerus="yes">
        <location filename="../../scripe_desktop/ui/tray.py" line="52"/>
        <location filename="../../scripe_desktop/ui/tray.py" line="79"/>
        <source>%n file(s) left</source>
        <translation>
            <numerusform>%n file left</numerusform>
            <numerusform>%n files left</numerusform>
        </translation>
    </message>
</context>
</TS>
