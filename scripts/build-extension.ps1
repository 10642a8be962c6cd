<#
.SYNOPSIS
    Builds the WinDbg extension wrldbgext (x64) on Windows into artifacts\extension\ (the Windows twin of
    scripts/build-extension.sh).

.DESCRIPTION
    1. Restores Microsoft.Debugging.Platform.DbgEng (src/native/dbgeng-package) for dbgeng.h.
    2. Builds the native loader src/native/extension with CMake + MSVC (Visual Studio generator, x64).
    3. Publishes the managed side: dotnet publish src/WrlDbgExt.Engine -c Release -r win-x64 --self-contained false
       -p:PublishReadyToRun=true (ReadyToRun, as scripts/build-extension.sh builds it)
    4. Assembles artifacts\extension\: wrldbgext.dll (+ .pdb), the managed files with their runtimeconfig.json
       and deps.json, GalleryManifest.xml, wrldbgext.natvis and, with -BundleRuntime, a dotnet\ folder made from the runtime pack
       Microsoft.NETCore.App.Runtime.win-x64 (src/native/dotnet-runtime-package). Without it the loader uses
       WRLDBGEXT_DOTNET_ROOT, DOTNET_ROOT or %ProgramFiles%\dotnet.
    Prints the folder's path. Needs: .NET 10 SDK, CMake 3.20+, Visual Studio (C++ workload).

.EXAMPLE
    pwsh scripts/build-extension.ps1
    # then in WinDbg:  .load C:\src\WrlDbgExt\artifacts\extension\wrldbgext.dll
#>
param(
    [switch] $BundleRuntime,           # copy a private .NET runtime into artifacts\extension\dotnet
    [string] $Version = '1.0.0.0'      # written into GalleryManifest.xml
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = Split-Path -Parent $PSScriptRoot
$out = Join-Path $root 'artifacts\extension'
$obj = Join-Path $root 'artifacts\obj\extension'

function Invoke-Checked([string] $what, [scriptblock] $command) {
    & $command
    if ($LASTEXITCODE -ne 0) { throw "build-extension: $what failed (exit code $LASTEXITCODE)" }
}

# Restores a restore-only project and returns <global packages folder>\<id>\<version> from its assets file.
function Restore-Package([string] $project, [string] $assets, [string] $id, [string] $version, [string[]] $extra = @()) {
    Invoke-Checked "restore of $id $version" { dotnet restore $project -nologo -v quiet @extra }
    $folders = (Get-Content $assets -Raw | ConvertFrom-Json).packageFolders.PSObject.Properties.Name
    foreach ($folder in $folders) {
        $dir = Join-Path $folder "$id\$version"
        if (Test-Path $dir) { return $dir }
    }
    throw "build-extension: $id $version not found in the package folders of $assets"
}

# 1. DbgEng headers (version pinned in Directory.Packages.props).
$props = [xml](Get-Content (Join-Path $root 'Directory.Packages.props') -Raw)
$dbgengVersion = ($props.Project.ItemGroup.PackageVersion | Where-Object Include -eq 'Microsoft.Debugging.Platform.DbgEng').Version
$dbgeng = Restore-Package (Join-Path $root 'src\native\dbgeng-package\DbgEngPackage.csproj') `
    (Join-Path $root 'artifacts\obj\dbgeng-package\project.assets.json') 'microsoft.debugging.platform.dbgeng' $dbgengVersion

# 2. Native loader with MSVC.
$cmakeBuild = Join-Path $root 'artifacts\obj\extension-msvc'
Invoke-Checked 'cmake configure' { cmake -S (Join-Path $root 'src\native\extension') -B $cmakeBuild -A x64 "-DDBGENG_INC=$dbgeng\build\native\inc" }
Invoke-Checked 'cmake build' { cmake --build $cmakeBuild --config Release }
$nativeDir = Join-Path $cmakeBuild 'Release'

# 3. Managed side (framework-dependent: the runtimeconfig.json names Microsoft.NETCore.App 10).
$engineProject = Join-Path $root 'src\WrlDbgExt.Engine\WrlDbgExt.Engine.csproj'
$managed = Join-Path $obj 'managed'
if (Test-Path $engineProject) {
    if (Test-Path $managed) { Remove-Item $managed -Recurse -Force }
    Invoke-Checked 'dotnet publish' { dotnet publish $engineProject -c Release -r win-x64 --self-contained false -p:PublishReadyToRun=true -o $managed -nologo }
    foreach ($f in 'WrlDbgExt.Engine.dll', 'WrlDbgExt.Engine.runtimeconfig.json', 'WrlDbgExt.Engine.deps.json') {
        if (-not (Test-Path (Join-Path $managed $f))) { throw "build-extension: $f missing from the publish output (EnableDynamicLoading=true?)" }
    }
} else {
    Write-Warning 'src\WrlDbgExt.Engine does not exist yet: building the native loader only'
    $managed = $null
}

# 4. Assemble in a temporary folder, then replace artifacts\extension.
$tmp = "$out.tmp"
if (Test-Path $tmp) { Remove-Item $tmp -Recurse -Force }
New-Item -ItemType Directory $tmp | Out-Null
Copy-Item -Path (Join-Path $nativeDir 'wrldbgext.dll'), (Join-Path $nativeDir 'wrldbgext.pdb') -Destination $tmp
if ($managed) {
    Get-ChildItem $managed -File | Where-Object Extension -in '.dll', '.json', '.pdb' | Copy-Item -Destination $tmp
}
(Get-Content (Join-Path $root 'src\native\extension\GalleryManifest.xml') -Raw).Replace('$Version$', $Version) |
    Set-Content (Join-Path $tmp 'GalleryManifest.xml') -Encoding utf8
Copy-Item (Join-Path $root 'src\native\extension\wrldbgext.natvis') $tmp

if ($BundleRuntime) {
    # The runtime version this machine runs (highest Microsoft.NETCore.App 10.x), as on Linux.
    $runtimeVersion = dotnet --list-runtimes | ForEach-Object { if ($_ -match '^Microsoft\.NETCore\.App (10\.\S+) ') { $Matches[1] } } |
        Sort-Object { [version]($_ -replace '-.*$', '') } | Select-Object -Last 1
    if (-not $runtimeVersion) { throw 'build-extension: no .NET 10 runtime found (dotnet --list-runtimes)' }
    $pack = Restore-Package (Join-Path $root 'src\native\dotnet-runtime-package\DotnetRuntimePackage.csproj') `
        (Join-Path $root 'artifacts\obj\dotnet-runtime-package\project.assets.json') 'microsoft.netcore.app.runtime.win-x64' `
        $runtimeVersion @("-p:WinRuntimePackVersion=$runtimeVersion")
    # Windows dotnet root: host\fxr\<ver>\hostfxr.dll + shared\Microsoft.NETCore.App\<ver>\ (lib + native minus
    # hostfxr, including Microsoft.NETCore.App.deps.json, without which hostfxr finds no framework).
    $fxr = New-Item -ItemType Directory (Join-Path $tmp "dotnet\host\fxr\$runtimeVersion")
    $fx = New-Item -ItemType Directory (Join-Path $tmp "dotnet\shared\Microsoft.NETCore.App\$runtimeVersion")
    Copy-Item (Join-Path $pack 'runtimes\win-x64\native\hostfxr.dll') $fxr
    Copy-Item (Join-Path $pack 'runtimes\win-x64\lib\net10.0\*') $fx
    Get-ChildItem (Join-Path $pack 'runtimes\win-x64\native') -File | Where-Object Name -ne 'hostfxr.dll' | Copy-Item -Destination $fx
}

if (Test-Path $out) { Remove-Item $out -Recurse -Force }
Move-Item $tmp $out
Write-Output $out
