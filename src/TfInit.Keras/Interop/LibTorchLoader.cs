using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TfInit.Keras.Interop;

/// <summary>
/// Loads libtorch and TorchSharp's native library in hosts that run TorchSharp straight from the NuGet cache
/// (.NET Interactive notebooks, C# scripts), before TorchSharp looks for them itself.
/// </summary>
/// <remarks>
/// Such a host has no deps.json listing the natives, so TorchSharp first asks the system loader for
/// <c>libtorch_cpu.so</c> by bare name. Where Debian's libtorch-dev is installed (python3-torch pulls it in), that finds
/// PyTorch 1.13's copy, and libLibTorchSharp.so then fails on a c10 symbol that 1.13 lacks; TorchSharp's fallback
/// (a consolidated folder) cannot recover because the wrong libc10 is already in the process. And a cache that no
/// TfInit build touched holds libLibTorchSharp.so without the weak GLIBCXX_3.4.32 flag (see
/// build/TorchSharpNativeFix.targets). So: load libtorch from the libtorch-cpu package this assembly was built
/// against, then a copy of libLibTorchSharp.so with the flag set; TorchSharp's own lookups by name then resolve to
/// the libraries already loaded (the loader matches them by soname). Applications with a deps.json are left alone.
/// </remarks>
internal static class LibTorchLoader
{
    private static int loaded;

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "It must run before the first TorchSharp call, which can be any call into this library.")]
    internal static void Initialize() => EnsureLoaded();

    /// <summary>Loads the natives once per process where the host would otherwise load the wrong ones.</summary>
    internal static void EnsureLoaded()
    {
        if (Interlocked.Exchange(ref loaded, 1) == 1 || !OperatingSystem.IsLinux()) return;
        try
        {
            LoadFromPackages();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException
                                      or DllNotFoundException or BadImageFormatException)
        {
            // TorchSharp then tries on its own and, if that fails too, reports its load trace; ours only adds:
            Console.Error.WriteLine($"TfInit.Keras: could not preload libtorch ({e.Message}); leaving it to TorchSharp");
        }
    }

    private static void LoadFromPackages()
    {
        // An application with its own natives is checked first, so that loading this assembly loads no TorchSharp
        // (the tfinit tool's init and list never touch it). typeof() does not run torch's static constructor, which
        // is what loads the natives.
        if (HasOwnNatives(AppContext.BaseDirectory)) return;
        string? managed = TorchSharpDirectory();
        if (string.IsNullOrEmpty(managed) || HasOwnNatives(managed)) return;

        // NuGet cache layout: <packages>/torchsharp/<version>/lib/<tfm>/TorchSharp.dll
        string torchSharpHome = Path.GetFullPath(Path.Combine(managed, "..", ".."));
        string packages = Path.GetFullPath(Path.Combine(torchSharpHome, "..", ".."));
        string torchSharpNative = Path.Combine(torchSharpHome, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        string? libTorchVersion = typeof(LibTorchLoader).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "LibTorchVersion")?.Value;
        string libTorchNative = Path.Combine(packages, "libtorch-cpu-linux-x64", libTorchVersion ?? "", "runtimes", "linux-x64", "native");
        if (!File.Exists(torchSharpNative) || !File.Exists(Path.Combine(libTorchNative, "libtorch.so"))) return;

        NativeLibrary.Load(Path.Combine(libTorchNative, "libtorch.so"));   // pulls libtorch_cpu and libc10 from beside it
        NativeLibrary.Load(LoadableCopy(torchSharpNative, Path.GetFileName(torchSharpHome)));
    }

    // Its own method: the JIT loads the assemblies a method names when it compiles it, whichever branch runs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string? TorchSharpDirectory() => Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location);

    // An app's deps.json (or a self-contained folder) already points TorchSharp at the right natives.
    private static bool HasOwnNatives(string dir) =>
        File.Exists(Path.Combine(dir, "libLibTorchSharp.so"))
        || File.Exists(Path.Combine(dir, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"));

    // The file itself when the system loader accepts it, else a copy with the GLIBCXX requirement marked weak, kept in
    // the user's cache (the package folder may be read-only) and written under a temporary name, then renamed.
    private static string LoadableCopy(string path, string torchSharpVersion)
    {
        byte[] elf = File.ReadAllBytes(path);
        string version = ElfVersionNeeds.TorchSharpVersion;
        if (!ElfVersionNeeds.NeedsStrongly(elf, version) || ElfVersionNeeds.SystemLibStdCxxDefines(version)) return path;
        ElfVersionNeeds.MarkWeak(elf, version);
        string cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        string dir = Path.Combine(cache, "tfinit", "native", "torchsharp-" + torchSharpVersion);
        string target = Path.Combine(dir, Path.GetFileName(path));
        if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(elf)) return target;
        Directory.CreateDirectory(dir);
        string temporary = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temporary, elf);
        File.Move(temporary, target, overwrite: true);
        return target;
    }
}
