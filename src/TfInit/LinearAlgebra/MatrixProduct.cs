using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace TfInit.LinearAlgebra;

/// <summary>
/// C += A B for the blocked QR (the level-3 part of LAPACK's dlarfb), in managed SIMD code whose rounding does not depend
/// on the CPU or on the thread count.
/// </summary>
/// <remarks>
/// Every element of C is updated by c = fma(a[k], b[k], c) for k = 0, 1, ..., depth - 1 in that order: a fused
/// multiply-add, the exact a b + c rounded once. Being correctly rounded it has one result on every CPU: the FMA
/// instructions of x64 and ARM64 give it, and where the runtime may not use them (no FMA, DOTNET_EnableHWIntrinsic=0)
/// each lane goes through <see cref="Math.FusedMultiplyAdd"/>, which is exact too. Vector lanes are distinct elements
/// of C, never partial sums of one element, so the vector width (512 bits on AVX-512, 256 on AVX2, else 128) only
/// decides how many elements go through the loop at once. Threads own fixed tiles of C; the depth is cut into blocks
/// only to keep the packed B in L1, and each block resumes from the value the previous one stored, so the order above
/// holds. The kernels are compiled fully optimized at once: a QR calls them a few thousand times with long loops, and
/// on a loaded machine the tiered JIT's background recompilation can leave them in unoptimized code for most of a run.
/// </remarks>
internal static class MatrixProduct
{
    // One task's tile of C. Its B strips (depth block x strip) are packed once and reused by every 4-row group of the
    // tile, and its block of A (RowTile x depth block) by every strip. Multiples of every strip width (6, 12, 24), so
    // only the matrix's own edge has a partial strip. A wide product with a single row tile (the QR's V^T C: 128 rows,
    // the whole height of the matrix as depth) reads all of A from L3 once per tile, so it takes wider tiles while
    // there are still two or more of them for the threads.
    private const int RowTile = 128;
    private const int ColumnTile = 96;
    private const int WideColumnTile = 384;

    // The packed strip's size, 24 KB: depth blocks of 256 rows of 12 (AVX2), 128 of 24 (AVX-512), 512 of 6 (128-bit).
    // It stays in L1 next to the rows of A and C the kernel streams.
    private const int PackedDoubles = 3072;

    // Below about 2^18 multiply-adds a thread hand-off costs more than it saves.
    private const long ParallelWork = 1 << 18;

    /// <summary>
    /// The vector operations of one kernel width that depend on it (loads and stores are generic, <see cref="Load"/>);
    /// lanes are independent elements.
    /// </summary>
    private interface IWidth<TVector>
        where TVector : struct
    {
        static abstract TVector Broadcast(double value);

        /// <summary>a b + c with one rounding, lane by lane.</summary>
        static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);
    }

    /// <summary>C[i, j] += sum over k of A[i, k] B[k, j] for a rows x cols block of C (row-major: C.Column is 1).</summary>
    public static void AddProduct(Strided c, Strided a, Strided b, int rows, int cols, int depth) =>
        AddProduct(c, a, b, rows, cols, depth, WidestBits);

    /// <summary>The widest kernel this CPU runs: 512 (AVX-512F), 256 (AVX2) or 128 bits.</summary>
    internal static int WidestBits =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;

    /// <summary>
    /// The same with the kernel of <paramref name="bits"/> (512, 256 or 128), for the tests that compare the widths: each
    /// runs on any CPU, a width the CPU lacks in software vectors.
    /// </summary>
    internal static void AddProduct(Strided c, Strided a, Strided b, int rows, int cols, int depth, int bits)
    {
        Debug.Assert(c.Column == 1, "C is stored by rows");
        if (rows <= 0 || cols <= 0 || depth <= 0)
        {
            return;
        }

        if (bits == 512)
        {
            Product<Width512, Vector512<double>>(c, a, b, rows, cols, depth);
        }
        else if (bits == 256)
        {
            Product<Width256, Vector256<double>>(c, a, b, rows, cols, depth);
        }
        else
        {
            Product<Width128, Vector128<double>>(c, a, b, rows, cols, depth);
        }
    }

    private static unsafe void Product<TWidth, TVector>(Strided c, Strided a, Strided b, int rows, int cols, int depth)
        where TWidth : struct, IWidth<TVector>
        where TVector : struct
    {
        int strip = 3 * Lanes<TVector>();
        int depthBlock = PackedDoubles / strip;
        int rowTiles = (rows + RowTile - 1) / RowTile;
        int columnTile = rowTiles == 1 && cols >= 2 * WideColumnTile ? WideColumnTile : ColumnTile;
        int columnTiles = (cols + columnTile - 1) / columnTile;
        void Tile(int index)
        {
            int i0 = index / columnTiles * RowTile;
            int j0 = index % columnTiles * columnTile;
            int tileRows = Math.Min(RowTile, rows - i0);
            int tileCols = Math.Min(columnTile, cols - j0);
            double* packed = stackalloc double[PackedDoubles];
            for (int k0 = 0; k0 < depth; k0 += depthBlock)
            {
                int kc = Math.Min(depthBlock, depth - k0);
                for (int s = 0; s < tileCols; s += strip)
                {
                    int width = Math.Min(strip, tileCols - s);
                    Pack(b.At(k0, j0 + s), kc, width, strip, packed);
                    StripProduct<TWidth, TVector>(c.At(i0, j0 + s), a.At(i0, k0), packed, tileRows, width, kc);
                }
            }
        }

        int tiles = rowTiles * columnTiles;
        if ((long)rows * cols * depth < ParallelWork || tiles == 1)
        {
            for (int t = 0; t < tiles; t++)
            {
                Tile(t);
            }

            return;
        }

        Parallel.For(0, tiles, Parallelism.Options, Tile);
    }

    /// <summary>
    /// Copies the depth x width block of B to <paramref name="packed"/>, row k at packed[k * strip], zeros after width.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Pack(Strided b, int depth, int width, int strip, double* packed)
    {
        for (int k = 0; k < depth; k++)
        {
            double* from = b.Pointer(k, 0);
            double* to = packed + ((nint)k * strip);

            // A partial strip is padded with zeros: the kernel runs on it whole (StripProduct) and drops those lanes.
            new Span<double>(to + width, strip - width).Clear();
            if (b.Column == 1)
            {
                new ReadOnlySpan<double>(from, width).CopyTo(new Span<double>(to, width));
                continue;
            }

            for (int j = 0; j < width; j++)
            {
                to[j] = from[j * b.Column];
            }
        }
    }

    /// <summary>C (rows x width, width at most three vectors) += A (rows x depth) times the packed strip.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void StripProduct<TWidth, TVector>(Strided c, Strided a, double* packed, int rows, int width, int depth)
        where TWidth : struct, IWidth<TVector>
        where TVector : struct
    {
        int lanes = Lanes<TVector>();
        int strip = 3 * lanes;
        int i = 0;
        if (width == strip)
        {
            for (; i + 4 <= rows; i += 4)
            {
                Prefetch(c, i + 4, Math.Min(4, rows - i - 4), strip);
                Kernel4x3<TWidth, TVector>(c.At(i, 0), a.At(i, 0), packed, depth);
            }
        }
        else
        {
            // The matrix's right edge: the kernel on a copy of four rows of C padded to the whole strip (the padding
            // lanes meet B's zero padding and are dropped), rather than one dependent chain per vector or element;
            // each element's chain of fused multiply-adds is the same either way. The QR's products have such an
            // edge in nearly every call (the panels' 64 or 128 columns are not multiples of 24).
            double* padded = stackalloc double[4 * strip];
            new Span<double>(padded, 4 * strip).Clear();
            var rowsOfC = Strided.RowMajor(padded, strip);
            for (; i + 4 <= rows; i += 4)
            {
                for (int r = 0; r < 4; r++)
                {
                    new Span<double>(c.Pointer(i + r, 0), width).CopyTo(new Span<double>(rowsOfC.Pointer(r, 0), width));
                }

                Kernel4x3<TWidth, TVector>(rowsOfC, a.At(i, 0), packed, depth);
                for (int r = 0; r < 4; r++)
                {
                    new Span<double>(rowsOfC.Pointer(r, 0), width).CopyTo(new Span<double>(c.Pointer(i + r, 0), width));
                }
            }
        }

        for (; i < rows; i++)
        {
            int j = 0;
            for (; j + lanes <= width; j += lanes)
            {
                RowVector<TWidth, TVector>(c.Pointer(i, j), a.At(i, 0), packed + j, depth);
            }

            for (; j < width; j++)
            {
                double sum = *c.Pointer(i, j);
                double* ak = a.Pointer(i, 0);
                for (int k = 0; k < depth; k++, ak += a.Column)
                {
                    sum = Math.FusedMultiplyAdd(*ak, packed[((nint)k * strip) + j], sum);
                }

                *c.Pointer(i, j) = sum;
            }
        }
    }

    /// <summary>
    /// Asks for rows [first, first + count) of C (width doubles each) while the kernel works on the rows before them:
    /// the kernel's accumulators start from C, and the QR's trailing matrix is far larger than L2, so a C row read
    /// from L3 at the kernel's start would stall every multiply-add chain (about 20% of the QR's C += V (S W)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(Strided c, int first, int count, int width)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        for (int r = first; r < first + count; r++)
        {
            byte* start = (byte*)c.Pointer(r, 0);
            for (int offset = 0; offset < width * sizeof(double); offset += 64)
            {
                Sse.Prefetch0(start + offset);
            }

            Sse.Prefetch0(start + (width * sizeof(double)) - 1);
        }
    }

    /// <summary>Four rows of C by three vectors: 12 accumulators kept in registers over the whole depth.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel4x3<TWidth, TVector>(Strided c, Strided a, double* packed, int depth)
        where TWidth : struct, IWidth<TVector>
        where TVector : struct
    {
        int lanes = Lanes<TVector>();
        int strip = 3 * lanes;
        double* c0 = c.Pointer(0, 0);
        double* c1 = c.Pointer(1, 0);
        double* c2 = c.Pointer(2, 0);
        double* c3 = c.Pointer(3, 0);
        Load3<TVector>(c0, out var x00, out var x01, out var x02);
        Load3<TVector>(c1, out var x10, out var x11, out var x12);
        Load3<TVector>(c2, out var x20, out var x21, out var x22);
        Load3<TVector>(c3, out var x30, out var x31, out var x32);
        double* a0 = a.Pointer(0, 0);
        nint row = a.Row;
        nint step = a.Column;
        double* bk = packed;
        for (int k = 0; k < depth; k++, a0 += step, bk += strip)
        {
            var b0 = Load<TVector>(bk);
            var b1 = Load<TVector>(bk + lanes);
            var b2 = Load<TVector>(bk + (2 * lanes));
            AddRow<TWidth, TVector>(ref x00, ref x01, ref x02, a0[0], b0, b1, b2);
            AddRow<TWidth, TVector>(ref x10, ref x11, ref x12, a0[row], b0, b1, b2);
            AddRow<TWidth, TVector>(ref x20, ref x21, ref x22, a0[2 * row], b0, b1, b2);
            AddRow<TWidth, TVector>(ref x30, ref x31, ref x32, a0[3 * row], b0, b1, b2);
        }

        Store3(c0, x00, x01, x02);
        Store3(c1, x10, x11, x12);
        Store3(c2, x20, x21, x22);
        Store3(c3, x30, x31, x32);
    }

    /// <summary>One row of the kernel at one k: x += a (b0, b1, b2), fused.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow<TWidth, TVector>(ref TVector x0, ref TVector x1, ref TVector x2, double a, TVector b0, TVector b1, TVector b2)
        where TWidth : struct, IWidth<TVector>
        where TVector : struct
    {
        var p = TWidth.Broadcast(a);
        x0 = TWidth.MultiplyAdd(p, b0, x0);
        x1 = TWidth.MultiplyAdd(p, b1, x1);
        x2 = TWidth.MultiplyAdd(p, b2, x2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Load3<TVector>(double* at, out TVector x0, out TVector x1, out TVector x2)
        where TVector : struct
    {
        x0 = Load<TVector>(at);
        x1 = Load<TVector>(at + Lanes<TVector>());
        x2 = Load<TVector>(at + (2 * Lanes<TVector>()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store3<TVector>(double* at, TVector x0, TVector x1, TVector x2)
        where TVector : struct
    {
        Store(at, x0);
        Store(at + Lanes<TVector>(), x1);
        Store(at + (2 * Lanes<TVector>()), x2);
    }

    /// <summary>Doubles per vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Lanes<TVector>()
        where TVector : struct => Unsafe.SizeOf<TVector>() / sizeof(double);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TVector Load<TVector>(double* at)
        where TVector : struct => Unsafe.ReadUnaligned<TVector>(at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store<TVector>(double* at, TVector value)
        where TVector : struct => Unsafe.WriteUnaligned(at, value);

    /// <summary>One vector of one row of C, for the tile edges.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RowVector<TWidth, TVector>(double* c, Strided a, double* packed, int depth)
        where TWidth : struct, IWidth<TVector>
        where TVector : struct
    {
        int strip = 3 * Lanes<TVector>();
        var x = Load<TVector>(c);
        double* ak = a.Pointer(0, 0);
        for (int k = 0; k < depth; k++, ak += a.Column)
        {
            x = TWidth.MultiplyAdd(TWidth.Broadcast(*ak), Load<TVector>(packed + ((nint)k * strip)), x);
        }

        Store(c, x);
    }

    /// <summary>Two lanes: SSE/AVX with FMA, ARM64 NEON, else lane by lane in software.</summary>
    private readonly struct Width128 : IWidth<Vector128<double>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Broadcast(double value) => Vector128.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> MultiplyAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c)
        {
            if (Fma.IsSupported)
            {
                return Fma.MultiplyAdd(a, b, c);
            }

            if (AdvSimd.Arm64.IsSupported)
            {
                return AdvSimd.Arm64.FusedMultiplyAdd(c, a, b);
            }

            return Vector128.Create(
                Math.FusedMultiplyAdd(a.GetElement(0), b.GetElement(0), c.GetElement(0)),
                Math.FusedMultiplyAdd(a.GetElement(1), b.GetElement(1), c.GetElement(1)));
        }
    }

    /// <summary>Four lanes: AVX2 (with FMA, else as two 128-bit halves).</summary>
    private readonly struct Width256 : IWidth<Vector256<double>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Broadcast(double value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> MultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) =>
            Fma.IsSupported
                ? Fma.MultiplyAdd(a, b, c)
                : Vector256.Create(
                    Width128.MultiplyAdd(a.GetLower(), b.GetLower(), c.GetLower()),
                    Width128.MultiplyAdd(a.GetUpper(), b.GetUpper(), c.GetUpper()));
    }

    /// <summary>Eight lanes: AVX-512F.</summary>
    private readonly struct Width512 : IWidth<Vector512<double>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Broadcast(double value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> MultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) =>
            Avx512F.IsSupported
                ? Avx512F.FusedMultiplyAdd(a, b, c)
                : Vector512.Create(
                    Width256.MultiplyAdd(a.GetLower(), b.GetLower(), c.GetLower()),
                    Width256.MultiplyAdd(a.GetUpper(), b.GetUpper(), c.GetUpper()));
    }
}
