; Inno Setup 6 script for CreditDesk: a per-user install that needs no administrator rights.
;
; Built by packaging/build.py on Windows, which passes the values below:
;   iscc /DAppVersion=0.1.0 /DSourceDir=...\dist\CreditDesk /DOutputDir=...\dist
;        /DAppNumericVersion=0.1.0.0 /DIconFile=...\build\icons\creditdesk.ico (optional)
;        packaging\windows\creditdesk.iss
; Output: CreditDesk-<version>-windows-x64-setup.exe
;
; Installs to %LOCALAPPDATA%\Programs\CreditDesk ({autopf} in non-administrative mode),
; adds a Start-menu entry, a desktop shortcut (a task, ticked by default) and an
; uninstaller (Settings > Apps). The user's stores and reports live in
; %LOCALAPPDATA%\CreditDesk and are left in place by the uninstaller.

#ifndef AppVersion
  #error Pass /DAppVersion=<version> (packaging/build.py does)
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\CreditDesk"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif
#ifndef AppNumericVersion
  #define AppNumericVersion AppVersion
#endif

#define AppName "CreditDesk"
#define AppExe "CreditDesk.exe"

[Setup]
; AppId identifies the product for upgrades and the uninstaller: never change it.
AppId={{272E1F65-D204-4F1E-BFD2-FBB31FB1B471}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppNumericVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename={#AppName}-{#AppVersion}-windows-x64-setup
#ifdef IconFile
SetupIconFile={#IconFile}
#endif
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Python byte-code caches the app may have written next to itself.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
