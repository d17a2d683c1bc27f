using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;

namespace TfInit.Keras.Tests.Interop;

/// <summary>
/// The ELF edit that lets TorchSharp's native library load on Debian 12, checked on the file as TorchSharp ships it
/// (read from its .nupkg, never patched by a build) with binutils' readelf as the outside reader.
/// </summary>
public class ElfVersionNeedsTests
{
    private static byte[] ShippedLibTorchSharp()
    {
        var assembly = typeof(TorchSharp.torch).Assembly;
        string packages = typeof(ElfVersionNeedsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        string nupkg = Path.Combine(packages, "torchsharp", version, $"torchsharp.{version}.nupkg");
        using var zip = ZipFile.OpenRead(nupkg);
        using var entry = zip.GetEntry("runtimes/linux-x64/native/libLibTorchSharp.so")!.Open();
        using var copy = new MemoryStream();
        entry.CopyTo(copy);
        return copy.ToArray();
    }

    private static string ReadElfVersions(byte[] elf)
    {
        string path = Path.Combine(Path.GetTempPath(), $"tfinit-elf-{Guid.NewGuid():N}.so");
        File.WriteAllBytes(path, elf);
        try
        {
            using var p = Process.Start(new ProcessStartInfo("readelf", ["-V", "-W", path]) { RedirectStandardOutput = true })!;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
            return output;
        }
        finally { File.Delete(path); }
    }

    private static string RequirementLine(string readelf, string version) =>
        readelf.Split('\n').Single(l => l.Contains("Name: " + version + " ", StringComparison.Ordinal) || l.TrimEnd().EndsWith("Name: " + version, StringComparison.Ordinal));

    [Fact]
    public void TheShippedLibraryNeedsTheVersionStrongly_AndMarkWeakSetsOnlyTheWeakFlag()
    {
        byte[] shipped = ShippedLibTorchSharp();
        string version = ElfVersionNeeds.TorchSharpVersion;
        Assert.True(ElfVersionNeeds.NeedsStrongly(shipped, version));
        Assert.DoesNotContain("WEAK", RequirementLine(ReadElfVersions(shipped), version), StringComparison.Ordinal);

        byte[] patched = (byte[])shipped.Clone();
        Assert.True(ElfVersionNeeds.MarkWeak(patched, version));
        Assert.False(ElfVersionNeeds.NeedsStrongly(patched, version));
        Assert.False(ElfVersionNeeds.MarkWeak(patched, version));   // already weak: nothing to do

        string readelf = ReadElfVersions(patched);
        Assert.Contains("WEAK", RequirementLine(readelf, version), StringComparison.Ordinal);
        // Every other requirement reads as before, and exactly one bit of the file changed.
        Assert.Equal(
            ReadElfVersions(shipped).Split('\n').Where(l => !l.Contains(version, StringComparison.Ordinal)),
            readelf.Split('\n').Where(l => !l.Contains(version, StringComparison.Ordinal)));
        int changedBits = shipped.Zip(patched, (a, b) => System.Numerics.BitOperations.PopCount((uint)(a ^ b))).Sum();
        Assert.Equal(1, changedBits);
    }

    [Fact]
    public void AVersionTheFileDoesNotNeedIsLeftAlone()
    {
        byte[] shipped = ShippedLibTorchSharp();
        Assert.False(ElfVersionNeeds.NeedsStrongly(shipped, "GLIBCXX_9.9.99"));
        Assert.False(ElfVersionNeeds.MarkWeak(shipped, "GLIBCXX_9.9.99"));
        Assert.False(ElfVersionNeeds.NeedsStrongly([0x7f, (byte)'E', (byte)'L', (byte)'F'], ElfVersionNeeds.TorchSharpVersion));
    }
}
