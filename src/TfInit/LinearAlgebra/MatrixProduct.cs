using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace TfInit.LinearAlgebra;

/// <summary>
/// C += A B for the blocked QR (the level-3 part of LAPACK's dlarfb), in managed SIMD code whose rounding does not depend
/// on the CPU or on the thread count.
/// </summary>
/// <remarks>
/// Every element of C is updated by c = c + a[k] * b[k] for k = 0, 1, ..., depth - 1 in that order, the product rounded
/// and then the sum (never fused: a CPU without FMA, the 128-bit path and the software vectors must give the same bits).
/// Vector lanes are distinct elements of C, never partial sums of one element, so the vector width only decides how
/// many elements go through the loop at once. Threads own fixed tiles of C; the depth is cut into blocks only to keep
/// the packed B in L1, and each block resumes from the value the previous one stored, so the order above holds.
/// The kernels are compiled fully optimized at once: a QR calls them a few thousand times with long loops, and on a
/// loaded machine the tiered JIT's background recompilation can leave them in unoptimized code for most of a run.
/// </remarks>
internal static class MatrixProduct
{
    // One task's tile of C. Its B strips (DepthBlock x Strip) are packed once and reused by every 4-row group of the tile.
    private const int RowTile = 128;
    private const int ColumnTile = 96;

    // 256 x 12 doubles (24 KB, AVX2) or 256 x 24 (48 KB with 512-bit vectors): the packed strip stays in L1/L2.
    private const int DepthBlock = 256;

    // Below about 2^18 multiply-adds a thread hand-off costs more than it saves.
    private const long ParallelWork = 1 << 18;

    private static int Lanes => Vector<double>.Count;

    // The kernel's width: three vectors per row, four rows (12 accumulators: AVX2's 16 registers, with room for B).
    private static int Strip => 3 * Vector<double>.Count;

    /// <summary>C[i, j] += sum over k of A[i, k] B[k, j] for a rows x cols block of C (row-major: C.Column is 1).</summary>
    public static unsafe void AddProduct(Strided c, Strided a, Strided b, int rows, int cols, int depth)
    {
        Debug.Assert(c.Column == 1, "C is stored by rows");
        if (rows <= 0 || cols <= 0 || depth <= 0)
        {
            return;
        }

        int rowTiles = (rows + RowTile - 1) / RowTile;
        int columnTiles = (cols + ColumnTile - 1) / ColumnTile;
        void Tile(int index)
        {
            int i0 = index / columnTiles * RowTile;
            int j0 = index % columnTiles * ColumnTile;
            int tileRows = Math.Min(RowTile, rows - i0);
            int tileCols = Math.Min(ColumnTile, cols - j0);
            double* packed = stackalloc double[DepthBlock * Strip];
            for (int k0 = 0; k0 < depth; k0 += DepthBlock)
            {
                int kc = Math.Min(DepthBlock, depth - k0);
                for (int s = 0; s < tileCols; s += Strip)
                {
                    int width = Math.Min(Strip, tileCols - s);
                    Pack(b.At(k0, j0 + s), kc, width, packed);
                    StripProduct(c.At(i0, j0 + s), a.At(i0, k0), packed, tileRows, width, kc);
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

    /// <summary>Copies the depth x width block of B to <paramref name="packed"/>, row k at packed[k * Strip].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Pack(Strided b, int depth, int width, double* packed)
    {
        int strip = Strip;
        for (int k = 0; k < depth; k++)
        {
            double* from = b.Pointer(k, 0);
            double* to = packed + ((nint)k * strip);
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

    /// <summary>C (rows x width, width at most <see cref="Strip"/>) += A (rows x depth) times the packed strip.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void StripProduct(Strided c, Strided a, double* packed, int rows, int width, int depth)
    {
        int lanes = Lanes;
        int i = 0;
        if (width == Strip)
        {
            for (; i + 4 <= rows; i += 4)
            {
                Kernel4x3(c.At(i, 0), a.At(i, 0), packed, depth);
            }
        }

        for (; i < rows; i++)
        {
            int j = 0;
            for (; j + lanes <= width; j += lanes)
            {
                RowVector(c.Pointer(i, j), a.At(i, 0), packed + j, depth);
            }

            for (; j < width; j++)
            {
                double sum = *c.Pointer(i, j);
                double* ak = a.Pointer(i, 0);
                for (int k = 0; k < depth; k++, ak += a.Column)
                {
                    sum += *ak * packed[((nint)k * Strip) + j];
                }

                *c.Pointer(i, j) = sum;
            }
        }
    }

    /// <summary>Four rows of C by three vectors: 12 accumulators kept in registers over the whole depth.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel4x3(Strided c, Strided a, double* packed, int depth)
    {
        int lanes = Lanes;
        int strip = Strip;
        double* c0 = c.Pointer(0, 0);
        double* c1 = c.Pointer(1, 0);
        double* c2 = c.Pointer(2, 0);
        double* c3 = c.Pointer(3, 0);
        var x00 = Load(c0);
        var x01 = Load(c0 + lanes);
        var x02 = Load(c0 + (2 * lanes));
        var x10 = Load(c1);
        var x11 = Load(c1 + lanes);
        var x12 = Load(c1 + (2 * lanes));
        var x20 = Load(c2);
        var x21 = Load(c2 + lanes);
        var x22 = Load(c2 + (2 * lanes));
        var x30 = Load(c3);
        var x31 = Load(c3 + lanes);
        var x32 = Load(c3 + (2 * lanes));
        double* a0 = a.Pointer(0, 0);
        nint row = a.Row;
        nint step = a.Column;
        double* bk = packed;
        for (int k = 0; k < depth; k++, a0 += step, bk += strip)
        {
            var b0 = Load(bk);
            var b1 = Load(bk + lanes);
            var b2 = Load(bk + (2 * lanes));
            var p = new Vector<double>(a0[0]);
            x00 += p * b0;
            x01 += p * b1;
            x02 += p * b2;
            p = new Vector<double>(a0[row]);
            x10 += p * b0;
            x11 += p * b1;
            x12 += p * b2;
            p = new Vector<double>(a0[2 * row]);
            x20 += p * b0;
            x21 += p * b1;
            x22 += p * b2;
            p = new Vector<double>(a0[3 * row]);
            x30 += p * b0;
            x31 += p * b1;
            x32 += p * b2;
        }

        Store(c0, x00);
        Store(c0 + lanes, x01);
        Store(c0 + (2 * lanes), x02);
        Store(c1, x10);
        Store(c1 + lanes, x11);
        Store(c1 + (2 * lanes), x12);
        Store(c2, x20);
        Store(c2 + lanes, x21);
        Store(c2 + (2 * lanes), x22);
        Store(c3, x30);
        Store(c3 + lanes, x31);
        Store(c3 + (2 * lanes), x32);
    }

    /// <summary>One vector of one row of C, for the tile edges.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RowVector(double* c, Strided a, double* packed, int depth)
    {
        var x = Load(c);
        double* ak = a.Pointer(0, 0);
        for (int k = 0; k < depth; k++, ak += a.Column)
        {
            x += new Vector<double>(*ak) * Load(packed + ((nint)k * Strip));
        }

        Store(c, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector<double> Load(double* at) => Unsafe.ReadUnaligned<Vector<double>>(at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(double* at, Vector<double> value) => Unsafe.WriteUnaligned(at, value);
}
