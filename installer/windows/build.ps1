# Build Scripe Desktop for Windows: the PyInstaller folder and the Inno Setup installer.
#   pwsh installer/windows/build.ps1
# Output: dist\scripe-desktop\ (scripe-desktop.exe for the window, scripe-desktop-cli.exe for
# terminals) and dist\scripe-desktop-<version>-setup.exe. Needs Python 3.11+ (py launcher),
# MSYS2 for libmagic (preinstalled at C:\msys64 on GitHub's Windows runners) and Inno Setup 6
# (preinstalled there too; else: choco install innosetup). NOT run on the project's Linux CI:
# there only the .iss script is compiled, under Wine (installer/windows/compile-under-wine.sh).
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$Root = (Resolve-Path "$PSScriptRoot\..\..").Path
Set-Location $Root
$Start = Get-Date
function Step($Text) { Write-Host ("`n== [{0,5:n0}s] {1}" -f ((Get-Date) - $Start).TotalSeconds, $Text) }
$Version = (Select-String -Path scripe_desktop\__init__.py -Pattern '^__version__ = "(.+)"').Matches[0].Groups[1].Value

Step "libmagic (MSYS2 ucrt64 'file' package)"
if (-not $env:SCRIPE_LIBMAGIC_DIR) {
  $Msys = if ($env:MSYS2_ROOT) { $env:MSYS2_ROOT } else { "C:\msys64" }
  & "$Msys\usr\bin\pacman.exe" -S --noconfirm --needed mingw-w64-ucrt-x86_64-file
  if ($LASTEXITCODE -ne 0) { throw "pacman failed" }
  $env:SCRIPE_LIBMAGIC_DIR = "$Msys\ucrt64\bin"
  $env:SCRIPE_MAGIC_DB = "$Msys\ucrt64\share\misc\magic.mgc"
}
# PyInstaller looks for the DLLs libmagic-1.dll imports on PATH.
$env:PATH = "$env:SCRIPE_LIBMAGIC_DIR;$env:PATH"

Step "clean build venv"
if (Test-Path build\venv-win) { Remove-Item -Recurse -Force build\venv-win }
if ($env:pythonLocation) { & "$env:pythonLocation\python.exe" -m venv build\venv-win }  # setup-python
else { py -3.11 -m venv build\venv-win }
if ($LASTEXITCODE -ne 0) { throw "venv failed" }
build\venv-win\Scripts\python -m pip install -q --disable-pip-version-check ".[sandbox,build]"
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

Step "PyInstaller (installer/scripe-desktop.spec)"
build\venv-win\Scripts\pyinstaller --noconfirm --clean --log-level WARN --distpath dist `
  --workpath build installer\scripe-desktop.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
build\venv-win\Scripts\python installer\bundle_size.py dist\scripe-desktop

Step "Inno Setup"
$Iscc = @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe") |
  Where-Object { Test-Path $_ } | Select-Object -First 1
if (-not $Iscc) { throw "Inno Setup 6 not found (choco install innosetup)" }
& $Iscc /Q "/DAppVersion=$Version" installer\windows\scripe-desktop.iss
if ($LASTEXITCODE -ne 0) { throw "ISCC failed" }

# Code signing (skipped unless a certificate is configured): signtool sign /fd SHA256
# /tr http://timestamp.digicert.com /td SHA256 /f $env:WINDOWS_CERT_PFX /p $env:WINDOWS_CERT_PASSWORD
if ($env:WINDOWS_CERT_PFX) {
  Step "signing"
  foreach ($f in @("dist\scripe-desktop\scripe-desktop.exe", "dist\scripe-desktop\scripe-desktop-cli.exe",
                   "dist\scripe-desktop-$Version-setup.exe")) {
    signtool sign /fd SHA256 /tr http://timestamp.digicert.com /td SHA256 `
      /f $env:WINDOWS_CERT_PFX /p $env:WINDOWS_CERT_PASSWORD $f
    if ($LASTEXITCODE -ne 0) { throw "signtool failed on $f" }
  }
} else { Write-Host "(no WINDOWS_CERT_PFX: installer not signed; SmartScreen will warn)" }
Step "done: dist\scripe-desktop-$Version-setup.exe"
