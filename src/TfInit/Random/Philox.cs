using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TfInit.Random;

/// <summary>
/// The Philox4x32-10 counter-based generator (Salmon et al., "Parallel random numbers: as easy as
/// 1, 2, 3", SC 2011), the generator TensorFlow and JAX use. One call maps a 128-bit counter and a
/// 64-bit key to 128 random bits, with no state in between: value i of a stream is a pure function of
/// (key, i), so any range can be computed alone, on any thread.
/// </summary>
public static class Philox
{
    private const uint M0 = 0xD2511F53;
    private const uint M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9;
    private const uint W1 = 0xBB67AE85;

    /// <summary>Ten rounds of Philox4x32 on the counter (c0..c3) with the key (k0, k1).</summary>
    /// <param name="c0">Counter word 0 (least significant).</param>
    /// <param name="c1">Counter word 1.</param>
    /// <param name="c2">Counter word 2.</param>
    /// <param name="c3">Counter word 3.</param>
    /// <param name="k0">Key word 0.</param>
    /// <param name="k1">Key word 1.</param>
    /// <returns>The four output words.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (uint X0, uint X1, uint X2, uint X3) Block(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M0 * c0;
            ulong p1 = (ulong)M1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0;
            uint n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c0 = n0;
            c1 = (uint)p1;
            c2 = n2;
            c3 = (uint)p0;
            k0 += W0;
            k1 += W1;
        }

        return (c0, c1, c2, c3);
    }

    /// <summary>
    /// <see cref="Block"/> on four counters at once, one per lane. Each 32-bit word sits in the low half of a 64-bit
    /// lane so that one vpmuludq gives the full 32 x 32 -> 64 product Philox needs (high half and low half).
    /// </summary>
    /// <param name="c0">Counter word 0 of each lane (low 32 bits used).</param>
    /// <param name="c1">Counter word 1 of each lane.</param>
    /// <param name="c2">Counter word 2 of each lane.</param>
    /// <param name="c3">Counter word 3 of each lane.</param>
    /// <param name="k0">Key word 0.</param>
    /// <param name="k1">Key word 1.</param>
    /// <returns>The four output words of each lane, each in the low 32 bits.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector256<ulong> X0, Vector256<ulong> X1, Vector256<ulong> X2, Vector256<ulong> X3) Block4(
        Vector256<ulong> c0, Vector256<ulong> c1, Vector256<ulong> c2, Vector256<ulong> c3, uint k0, uint k1)
    {
        var low = Vector256.Create(0xFFFF_FFFFUL);
        var m0 = Vector256.Create((ulong)M0);
        var m1 = Vector256.Create((ulong)M1);
        for (int round = 0; round < 10; round++)
        {
            var p0 = Multiply(m0, c0);
            var p1 = Multiply(m1, c2);
            var n0 = (p1 >>> 32) ^ c1 ^ Vector256.Create((ulong)k0);
            var n2 = (p0 >>> 32) ^ c3 ^ Vector256.Create((ulong)k1);
            c0 = n0;
            c1 = p1 & low;
            c2 = n2;
            c3 = p0 & low;
            k0 += W0;
            k1 += W1;
        }

        return (c0, c1, c2, c3);
    }

    /// <summary>
    /// <see cref="Block"/> on eight counters at once, one per lane (<see cref="Block4"/> on AVX-512). Each 32-bit word sits in the low half of a 64-bit
    /// lane so that one vpmuludq gives the full 32 x 32 -> 64 product Philox needs (high half and low half).
    /// </summary>
    /// <param name="c0">Counter word 0 of each lane (low 32 bits used).</param>
    /// <param name="c1">Counter word 1 of each lane.</param>
    /// <param name="c2">Counter word 2 of each lane.</param>
    /// <param name="c3">Counter word 3 of each lane.</param>
    /// <param name="k0">Key word 0.</param>
    /// <param name="k1">Key word 1.</param>
    /// <returns>The four output words of each lane, each in the low 32 bits.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector512<ulong> X0, Vector512<ulong> X1, Vector512<ulong> X2, Vector512<ulong> X3) Block8(
        Vector512<ulong> c0, Vector512<ulong> c1, Vector512<ulong> c2, Vector512<ulong> c3, uint k0, uint k1)
    {
        var low = Vector512.Create(0xFFFF_FFFFUL);
        var m0 = Vector512.Create((ulong)M0);
        var m1 = Vector512.Create((ulong)M1);
        for (int round = 0; round < 10; round++)
        {
            var p0 = Multiply512(m0, c0);
            var p1 = Multiply512(m1, c2);
            var n0 = (p1 >>> 32) ^ c1 ^ Vector512.Create((ulong)k0);
            var n2 = (p0 >>> 32) ^ c3 ^ Vector512.Create((ulong)k1);
            c0 = n0;
            c1 = p1 & low;
            c2 = n2;
            c3 = p0 & low;
            k0 += W0;
            k1 += W1;
        }

        return (c0, c1, c2, c3);
    }

    // Both factors are below 2^32, so the generic 64-bit product is exact where vpmuludq is missing.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Multiply(Vector256<ulong> a, Vector256<ulong> b) =>
        Avx2.IsSupported ? Avx2.Multiply(a.AsUInt32(), b.AsUInt32()) : a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Multiply512(Vector512<ulong> a, Vector512<ulong> b) =>
        Avx512F.IsSupported ? Avx512F.Multiply(a.AsUInt32(), b.AsUInt32()) : a * b;
}
