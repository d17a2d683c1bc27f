using System.Runtime.InteropServices;

namespace TfInit.Cli.Native;

/// <summary>
/// Asks libtorch's OpenMP runtime (libgomp) to let idle worker threads sleep instead of spinning, unless the user set
/// <c>OMP_WAIT_POLICY</c> already.
/// </summary>
/// <remarks>
/// Measured on tfinit study (2 cores shared with other processes): with libgomp's default spin-wait about two thirds of
/// the process's CPU time was spent in libgomp's wait loop between the many small tensor operations, and the other
/// processes' load stretched every barrier. The policy changes only scheduling, never a value. libgomp reads the
/// variable once, when it is loaded, so this must run before the first tensor operation; .NET's own environment
/// block is not what native getenv sees, hence setenv.
/// </remarks>
internal static partial class OpenMpWaitPolicy
{
    /// <summary>Sets OMP_WAIT_POLICY=passive for the natives loaded later, keeping a value the user gave.</summary>
    internal static void PreferPassive()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null) return;
        try
        {
            SetEnv("OMP_WAIT_POLICY", "passive", 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A libc without setenv only keeps the default policy: slower under load, same results.
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
