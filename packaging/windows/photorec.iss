; Inno Setup script: installs the PyInstaller folder (dist\photorec) for the current user.
;
;   iscc /DMyAppVersion=0.1.0 /DSourceDir=..\..\dist\photorec /O..\..\dist packaging\windows\photorec.iss
;
; (packaging\build_windows.ps1 does this.) Per user, no admin rights: the app goes to
; %LOCALAPPDATA%\Programs\photorec, a Start menu entry, an optional desktop icon, and the
; same Explorer verb that `photorec integrate install` writes, under HKEY_CURRENT_USER:
;   Software\Classes\SystemFileAssociations\image\shell\photorec.findsimilar
; The uninstaller removes the verb key (and anything `photorec integrate` recorded).

#ifndef MyAppVersion
  #define MyAppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\photorec"
#endif
#define MyAppName "photorec"
#define MyAppExe "photorec.exe"
#define VerbKey "Software\Classes\SystemFileAssociations\image\shell\photorec.findsimilar"

[Setup]
AppId={{AA528B71-3B88-4641-8E30-1BF0F7986735}
AppName={#MyAppName}
AppVersion={#MyAppVersion}
AppVerName={#MyAppName} {#MyAppVersion}
AppPublisher=photorec developers
AppComments=Find similar photos in your own photo library, offline.
DefaultDirName={autopf}\{#MyAppName}
DefaultGroupName={#MyAppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=photorec-{#MyAppVersion}-windows-x64-setup
SetupIconFile=..\..\photorec\resources\icons\photorec.ico
UninstallDisplayIcon={app}\{#MyAppExe}
UninstallDisplayName={#MyAppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Tell Explorer that file associations changed (our verb), on install and uninstall.
ChangesAssociations=yes
CloseApplications=yes

[Tasks]
Name: "contextmenu"; Description: "Add ""Find similar (photorec)"" to the right-click menu of images"; GroupDescription: "Explorer:"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; A new version replaces the bundled libraries wholesale.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#MyAppName}"; Filename: "{app}\{#MyAppExe}"; Comment: "Find similar photos"
Name: "{autodesktop}\{#MyAppName}"; Filename: "{app}\{#MyAppExe}"; Tasks: desktopicon

[Registry]
; The values match what `photorec integrate install` writes from the installed app, so
; `photorec-cli integrate status` reports them as installed.
Root: HKCU; Subkey: "{#VerbKey}"; ValueType: string; ValueName: "MUIVerb"; ValueData: "Find similar (photorec)"; Flags: uninsdeletekey; Tasks: contextmenu
Root: HKCU; Subkey: "{#VerbKey}"; ValueType: string; ValueName: "Icon"; ValueData: "{app}\{#MyAppExe},0"; Tasks: contextmenu
Root: HKCU; Subkey: "{#VerbKey}"; ValueType: string; ValueName: "MultiSelectModel"; ValueData: "Single"; Tasks: contextmenu
Root: HKCU; Subkey: "{#VerbKey}\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#MyAppExe}"" --similar ""%1"""; Tasks: contextmenu

[Run]
Filename: "{app}\{#MyAppExe}"; Description: "{cm:LaunchProgram,{#MyAppName}}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; Whatever `photorec integrate install` added by hand (and its manifest) goes too.
Filename: "{app}\photorec-cli.exe"; Parameters: "integrate uninstall"; Flags: runhidden skipifdoesntexist; RunOnceId: "photorec-integrate-uninstall"

[UninstallDelete]
Type: dirifempty; Name: "{app}"
