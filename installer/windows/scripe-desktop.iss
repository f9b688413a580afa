; Inno Setup 6 script for Scripe Desktop on Windows: a per-user install (no admin prompt).
;   iscc /DAppVersion=0.1.0 /DSourceDir=..\..\dist\scripe-desktop installer\windows\scripe-desktop.iss
; installer/windows/build.ps1 runs it after PyInstaller; CI (.ci/run) compiles it under Wine
; against a stand-in payload so a broken script fails on Linux too.
;
; What it does: copies the PyInstaller folder to %LOCALAPPDATA%\Programs\Scripe Desktop, adds
; a Start-menu entry (and, if chosen, a desktop icon and start at login through the per-user
; Run key), and registers an uninstaller. The uninstaller removes only what was installed:
; the queue, settings and logs in %LOCALAPPDATA%\Scripe Desktop and the API key in the Windows
; Credential Locker are the user's data and stay (reinstalling picks them up again).

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (installer/windows/build.ps1 reads it from scripe_desktop/__init__.py)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\scripe-desktop"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#define AppName "Scripe Desktop"
#define AppExe "scripe-desktop.exe"

[Setup]
AppId={{6E1B7B52-4C1E-4D0B-9A77-5C0A1C5B7E21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Scripe
AppPublisherURL=https://scripe.io
AppSupportURL=https://scripe.io/support
VersionInfoVersion={#AppVersion}
; Per user: no UAC prompt; {autopf} is then %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=scripe-desktop-{#AppVersion}-setup
SetupIconFile=..\icons\scripe-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running Scripe Desktop before replacing its files (the queue is saved on quit).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "german"; MessagesFile: "compiler:Languages\German.isl"
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "startatlogin"; Description: "{cm:StartAtLogin}"; GroupDescription: "{cm:StartupGroup}"; Flags: unchecked

[CustomMessages]
english.StartAtLogin=Start Scripe Desktop when I sign in (keeps watched folders in sync)
english.StartupGroup=Start-up:
german.StartAtLogin=Scripe Desktop bei der Anmeldung starten (hält überwachte Ordner aktuell)
german.StartupGroup=Start:
french.StartAtLogin=Lancer Scripe Desktop à l'ouverture de session (synchronise les dossiers surveillés)
french.StartupGroup=Démarrage :

[Files]
; The whole PyInstaller folder: scripe-desktop.exe (window), scripe-desktop-cli.exe (terminal)
; and _internal\. Replaced as a whole on upgrade, so no file of an older version lingers.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Upload files and folders to Scripe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; Start at login: the per-user Run value with --background (the app comes up in the tray, as the
; in-app switch in scripe_desktop/autostart.py writes it; Task Manager's Startup tab can turn it off). Removed
; by the uninstaller; nothing else of the user's is touched.
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "{#AppName}"; ValueData: """{app}\{#AppExe}"" --background"; Flags: uninsdeletevalue; Tasks: startatlogin

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder. User data (%LOCALAPPDATA%\Scripe Desktop) is deliberately kept.
Type: filesandordirs; Name: "{app}\_internal"
