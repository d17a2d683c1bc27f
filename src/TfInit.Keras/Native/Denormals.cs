using System.Runtime.InteropServices;

namespace TfInit.Keras.Native;

/// <summary>
/// Flushes float denormals (|x| &lt; 1.2e-38) to zero in libtorch, as PyTorch's <c>torch.set_flush_denormal(True)</c>
/// does. A vanishing initialization drives activations and gradients into that range, where every CPU operation
/// is many times slower; TorchSharp does not expose the switch, so this calls libtorch's static
/// <c>at::Context::setFlushDenormal(bool)</c> directly. The flag is the FTZ/DAZ bits of the calling thread's
/// MXCSR register, which threads started afterwards inherit.
/// </summary>
public static partial class Denormals
{
    private const string LibTorch = "libtorch_cpu";

    /// <summary>Turns flushing on or off for the calling thread.</summary>
    /// <param name="on">True to flush denormals to zero.</param>
    /// <returns>True when the CPU and libtorch support it (x86 with SSE3); false otherwise, or where libtorch cannot be reached.</returns>
    public static bool SetFlushToZero(bool on)
    {
        try
        {
            // Any tensor operation makes TorchSharp load libtorch_cpu first, so the name resolves to the loaded copy.
            using var probe = TorchSharp.torch.zeros(1);
            return SetFlushDenormal(on);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    // A static member function since PyTorch 2.1 (libtorch 2.10 here): 'on' is the only argument. Passing a context
    // pointer first, as for an instance method, made 'on' the pointer's low byte, so every call switched flushing on.
    [LibraryImport(LibTorch, EntryPoint = "_ZN2at7Context16setFlushDenormalEb")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static partial bool SetFlushDenormal([MarshalAs(UnmanagedType.U1)] bool on);
}
