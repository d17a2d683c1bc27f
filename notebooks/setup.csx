// Loaded by the first cell of every notebook (#load "setup.csx"). It makes TfInit available the way a user gets it:
// the packages this repository packs, as a local NuGet source. When they are missing or older than the sources (a
// fresh clone, an edit), it packs them first, so a notebook runs when opened with no earlier step. Package versions
// come from the build files (Directory.Build.props, Directory.Packages.props), never from the notebooks.
#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;

static class TfInitNotebook
{
    static readonly string Root = FindRoot();
    static readonly string Packages = Path.Combine(Root, "artifacts", "packages");
    // Every library package of the repository (a project with a PackageId that is not the command-line tool).
    static readonly string[] Libraries = Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
        .Where(p => XDocument.Load(p).Descendants("PackageId").Any() && !XDocument.Load(p).Descendants("PackAsTool").Any(e => e.Value == "true"))
        .OrderBy(p => p, StringComparer.Ordinal).ToArray();

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TfInit.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no TfInit.sln above {Directory.GetCurrentDirectory()}: open the notebook from the repository's notebooks/ folder");
    }

    /// <summary>The version of a package: TfInit's own from Directory.Build.props, the others from Directory.Packages.props.</summary>
    public static string VersionOf(string id)
    {
        if (id.StartsWith("TfInit", StringComparison.Ordinal))
            return XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("VersionPrefix").First().Value;
        var props = XDocument.Load(Path.Combine(Root, "Directory.Packages.props"));
        string version = props.Descendants("PackageVersion").First(e => (string?)e.Attribute("Include") == id).Attribute("Version")!.Value;
        // A version written as $(Property) is defined in the same file.
        return version.StartsWith("$(") ? props.Descendants(version[2..^1]).First().Value : version;
    }

    // Newest source file that goes into a package, against the oldest package built from it.
    static bool PackagesAreCurrent(string version)
    {
        var packed = Libraries.Select(p => Path.Combine(Packages, $"{PackageId(p)}.{version}.nupkg")).ToArray();
        if (!packed.All(File.Exists)) return false;
        DateTime oldestPack = packed.Min(File.GetLastWriteTimeUtc);
        var sources = new[] { "src", "build" }.SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/"))
            .Concat(Directory.EnumerateFiles(Root, "Directory.*"));
        return sources.All(f => File.GetLastWriteTimeUtc(f) <= oldestPack);
    }

    static string PackageId(string project) => XDocument.Load(project).Descendants("PackageId").First().Value;

    static void Pack(string version)
    {
        Console.WriteLine($"TfInit {version}: packing {string.Join(", ", Libraries.Select(PackageId))} into {Packages} (missing or older than the sources; about a minute)...");
        foreach (string project in Libraries)
        {
            var psi = new ProcessStartInfo("dotnet", new[] { "pack", project, "-c", "Release", "-o", Packages, "-v", "quiet", "-nologo" })
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"dotnet pack {project} failed:\n{output}");
        }
        // NuGet never re-extracts a version it has cached: drop ours so the kernel loads what was just packed.
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } c
            ? c : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string project in Libraries)
        {
            string cached = Path.Combine(cache, PackageId(project).ToLowerInvariant(), version);
            if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
        }
        Console.WriteLine("TfInit: packed.");
    }

    /// <summary>Packs TfInit when needed, adds the local source and references the packages by id (versions from the build files).</summary>
    public static async Task Reference(params string[] ids)
    {
        string version = VersionOf("TfInit");
        if (!PackagesAreCurrent(version)) Pack(version);
        var directives = new[] { $"#i \"nuget: {Packages}\"" }.Concat(ids.Select(id => $"#r \"nuget: {id}, {VersionOf(id)}\""));
        var result = await Kernel.Root.SendAsync(new SubmitCode(string.Join("\n", directives), "csharp"));
        if (result.Events.OfType<Microsoft.DotNet.Interactive.Events.CommandFailed>().FirstOrDefault() is { } failed)
            throw new InvalidOperationException(failed.Message);
        Console.WriteLine($"TfInit {version}: " + string.Join(", ", ids.Select(id => $"{id} {VersionOf(id)}")));
    }
}
