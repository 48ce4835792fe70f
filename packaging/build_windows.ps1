<#
.SYNOPSIS
  Build photorec for Windows: the PyInstaller folder, a zip of it, and an Inno Setup installer.

.DESCRIPTION
  dist\photorec\                               the one-folder app (photorec.exe windowed,
                                               photorec-cli.exe for the command line)
  dist\photorec-<version>-windows-x64.zip      the folder, zipped (portable use)
  dist\photorec-<version>-windows-x64-setup.exe  per-user installer (packaging\windows\photorec.iss)

  Needs: Python 3.10-3.13 (x64), the Microsoft C++ Build Tools (hnswlib is compiled here),
  and Inno Setup 6 (iscc.exe on PATH or in its default folder) for the installer.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File packaging\build_windows.ps1
  powershell -ExecutionPolicy Bypass -File packaging\build_windows.ps1 -Python "py -3.12" -Provider directml
#>
param(
    # The interpreter for the build venv, as a command line ("py -3.11", "C:\Python311\python.exe").
    [string]$Python = "py -3.11",
    # onnxruntime flavour: cpu (onnxruntime) or directml (onnxruntime-directml: any DirectX 12 GPU).
    [ValidateSet("cpu", "directml")][string]$Provider = "cpu",
    [string]$Venv = "",
    [switch]$NoHeif,
    [switch]$NoInstaller
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Root = (Resolve-Path "$PSScriptRoot\..").Path
if (-not $Venv) { $Venv = Join-Path $Root "build\venv-package" }
$Dist = Join-Path $Root "dist"
$Work = Join-Path $Root "build\pyinstaller"
$Py = Join-Path $Venv "Scripts\python.exe"
$t0 = Get-Date

function Say($msg) { Write-Host "`n== $msg" }
function Run([string]$exe, [string[]]$argv) {
    & $exe @argv
    if ($LASTEXITCODE -ne 0) { throw "$exe $($argv -join ' ') failed with exit code $LASTEXITCODE" }
}

# -- 1. the build environment -----------------------------------------------------------------
if (-not (Test-Path $Py)) {
    Say "creating build venv $Venv"
    $parts = $Python -split " "
    $pyArgs = @($parts | Select-Object -Skip 1) + @("-m", "venv", $Venv)
    Run $parts[0] $pyArgs
}
$extras = if ($NoHeif) { "package" } else { "heif,package" }
Say "installing photorec's dependencies and PyInstaller ($extras)"
# Install the project with its extras (bringing every dependency), then remove the project
# itself: the build takes photorec from this checkout.
Run $Py @("-m", "pip", "install", "--disable-pip-version-check", "-q", "$Root[$extras]")
Run $Py @("-m", "pip", "uninstall", "-q", "-y", "photorec")
if ($Provider -eq "directml") {
    Run $Py @("-m", "pip", "uninstall", "-q", "-y", "onnxruntime")
    Run $Py @("-m", "pip", "install", "--disable-pip-version-check", "-q", "onnxruntime-directml>=1.17")
}
Say "building hnswlib from source with HNSWLIB_NO_NATIVE=1"
$env:HNSWLIB_NO_NATIVE = "1"
Run $Py @("-m", "pip", "install", "--disable-pip-version-check", "-q", "--no-cache-dir",
          "--force-reinstall", "--no-deps", "--no-binary", "hnswlib", "hnswlib>=0.8")
Remove-Item Env:\HNSWLIB_NO_NATIVE

Push-Location $Root
try {
    $Version = (& $Py -c "import photorec; print(photorec.__version__)").Trim()
} finally { Pop-Location }
Say "photorec $Version for windows-x64 ($Provider)"
if (-not (Test-Path (Join-Path $Root "photorec\resources\model.onnx"))) {
    Write-Warning "photorec\resources\model.onnx is missing; the build will not be able to index"
}

# -- 2. PyInstaller ---------------------------------------------------------------------------------
Say "PyInstaller"
$t1 = Get-Date
Push-Location $Root
try {
    Run $Py @("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
              "--distpath", $Dist, "--workpath", $Work, "packaging\photorec.spec")
} finally { Pop-Location }
$t2 = Get-Date
$App = Join-Path $Dist "photorec"
$cliVersion = (& (Join-Path $App "photorec-cli.exe") --version).Trim()
if ($cliVersion -ne "photorec $Version") { throw "frozen photorec-cli.exe --version said '$cliVersion'" }

# -- 3. zip and installer ---------------------------------------------------------------------------
$Zip = Join-Path $Dist "photorec-$Version-windows-x64.zip"
Say "zipping $Zip"
if (Test-Path $Zip) { Remove-Item $Zip }
Compress-Archive -Path $App -DestinationPath $Zip -CompressionLevel Optimal

if (-not $NoInstaller) {
    $found = Get-Command iscc.exe -ErrorAction SilentlyContinue
    $iscc = if ($found) { $found.Source } else { $null }
    if (-not $iscc) {
        foreach ($c in @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
                         "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe")) {
            if ($c -and (Test-Path $c)) { $iscc = $c; break }
        }
    }
    if (-not $iscc) { throw "Inno Setup 6 (ISCC.exe) not found: install it (winget install JRSoftware.InnoSetup) or pass -NoInstaller" }
    Say "Inno Setup"
    Run $iscc @("/Q", "/DMyAppVersion=$Version", "/DSourceDir=$App", "/O$Dist",
                (Join-Path $Root "packaging\windows\photorec.iss"))
}

$size = "{0:N0} MB" -f ((Get-ChildItem $App -Recurse -File | Measure-Object Length -Sum).Sum / 1MB)
Say "done"
Write-Host "folder:    $App ($size)"
Write-Host "zip:       $Zip"
if (-not $NoInstaller) { Write-Host "installer: $(Join-Path $Dist "photorec-$Version-windows-x64-setup.exe")" }
Write-Host ("time:      {0:N0} s in all; PyInstaller {1:N0} s" -f ((Get-Date) - $t0).TotalSeconds, ($t2 - $t1).TotalSeconds)
