using System.Numerics;
using System.Runtime.CompilerServices;

namespace TfInit.LinearAlgebra;

/// <summary>
/// QR factorization by Householder reflections in LAPACK's blocked form (geqrf, then orgqr to form Q): the compact WY
/// representation H_0 H_1 ... H_(b-1) = I - V T V^T of Schreiber and Van Loan, "A storage-efficient WY representation
/// for products of Householder transformations" (1989); Golub and Van Loan, Matrix Computations, 5.2.3. Q agrees with
/// numpy's <c>np.linalg.qr</c> to rounding once both are normalized to a positive diagonal of R.
/// </summary>
/// <remarks>
/// Panels of <see cref="Block"/> columns are factored with level-2 reflections; each panel's block reflector then
/// updates the trailing matrix with two matrix products (<see cref="MatrixProduct"/>), where the time goes. The
/// reflectors are kept below the diagonal of the matrix itself, as geqrf leaves them, and orgqr's backward pass turns
/// the matrix into Q in place: the scratch is a few panels (m x Block), not matrices. Every reduction has a fixed order
/// (<see cref="OrderedDot"/>, and the products' ascending k), so the values are the same on every CPU and thread count.
/// </remarks>
internal static class Householder
{
    /// <summary>Columns per panel: the depth of the trailing update's product, and the width of T.</summary>
    /// <remarks>
    /// 128 rather than LAPACK's 32 or 64: with fused 512-bit kernels a large QR's products wait on memory (each panel
    /// reads the trailing matrix twice and writes it once), and wider panels mean half the passes; at 4096 x 4096 that
    /// took about 15% off the CPU time against 64 on a 2-core Xeon. The level-2 panel work it doubles is small.
    /// </remarks>
    internal const int Block = 128;

    // Panels are factored recursively down to blocks of this many columns, which go by level-2 reflections.
    private const int LeafColumns = 16;

    // Below about 2^16 elements per reflector (two flops each way) a thread hand-off costs more than it saves.
    private const long PanelParallelWork = 1 << 16;

    /// <summary>
    /// Replaces the row-major m x n matrix (m &gt;= n) in <paramref name="matrix"/> by the n columns of Q times
    /// sign(diag(R)): the unique Q whose R has a positive diagonal.
    /// </summary>
    public static unsafe void OrthonormalColumns(Span<double> matrix, int m, int n)
    {
        int blocks = (n + Block - 1) / Block;
        var scratch = new Scratch(m, n, blocks);
        fixed (double* start = matrix)
        {
            var a = Strided.RowMajor(start, n);
            for (int b = 0; b < blocks; b++)
            {
                FactorPanel(a, m, n, b, scratch);
            }

            for (int b = blocks - 1; b >= 0; b--)
            {
                FormPanel(a, m, n, b, scratch);
            }

            FlipNegativeColumns(matrix, m, n, scratch.Diagonal);
        }

        GC.KeepAlive(scratch);
    }

    /// <summary>
    /// geqrf's step for panel b: factors columns [j0, j0 + jb) from row j0 down (R above, reflectors below the diagonal),
    /// keeps -T of its block reflector, and applies H^T = I - V T^T V^T to the columns on its right.
    /// </summary>
    private static unsafe void FactorPanel(Strided a, int m, int n, int b, Scratch scratch)
    {
        int j0 = b * Block;
        int jb = Math.Min(Block, n - j0);
        int rows = m - j0;
        double* panel = scratch.Panel;

        // Column-major copy of the panel: the level-2 steps run down contiguous columns.
        for (int i = 0; i < rows; i++)
        {
            double* row = a.Pointer(j0 + i, j0);
            for (int c = 0; c < jb; c++)
            {
                panel[((nint)c * rows) + i] = row[c];
            }
        }

        double* tau = scratch.Tau + j0;
        FactorColumns(panel, rows, 0, jb, tau, scratch.Diagonal[j0..], scratch);

        // Back into the matrix: R on and above the diagonal (diag(R) kept apart too), the reflectors' tails below.
        for (int i = 0; i < rows; i++)
        {
            double* row = a.Pointer(j0 + i, j0);
            for (int c = 0; c < jb; c++)
            {
                row[c] = i == c ? scratch.Diagonal[j0 + c] : panel[((nint)c * rows) + i];
            }
        }

        var v = LoadReflectors(a, j0, jb, rows, scratch);
        BuildNegatedT(v, jb, rows, tau, scratch.Small, scratch.NegatedT(b));
        int right = n - j0 - jb;
        if (right > 0)
        {
            var tNegated = Strided.RowMajor(scratch.NegatedT(b), Block);
            ApplyBlockReflector(a.At(j0, j0 + jb), v, tNegated.Transposed, jb, rows, right, scratch);
        }
    }

    /// <summary>
    /// orgqr's step for panel b, last panel first: applies H = I - V T V^T to the columns of Q already formed on its
    /// right, then writes the panel's own columns of Q, E - V T V1^T, over its reflectors.
    /// </summary>
    private static unsafe void FormPanel(Strided a, int m, int n, int b, Scratch scratch)
    {
        int j0 = b * Block;
        int jb = Math.Min(Block, n - j0);
        int rows = m - j0;
        var v = LoadReflectors(a, j0, jb, rows, scratch);
        var tNegated = Strided.RowMajor(scratch.NegatedT(b), Block);

        // Q is zero above row j0 in the panel's columns and above row j0 + jb in the columns on its right. Each panel
        // formed before this one cleared R above itself and the updates since wrote only rows from their own j0 down,
        // so the columns on the right are already zero down to row j0 + jb: only R above this panel goes.
        for (int i = 0; i < j0; i++)
        {
            new Span<double>(a.Pointer(i, j0), jb).Clear();
        }

        int right = n - j0 - jb;
        if (right > 0)
        {
            ApplyBlockReflector(a.At(j0, j0 + jb), v, tNegated, jb, rows, right, scratch);
        }

        // X = -T V1^T (V1: the top jb x jb of V, unit lower triangular), then the panel's rows from j0 are E + V X.
        var x = Strided.RowMajor(scratch.Small, Block);
        new Span<double>(scratch.Small, Block * Block).Clear();
        MatrixProduct.AddProduct(x, tNegated, v.Transposed, jb, jb, jb);
        for (int i = 0; i < rows; i++)
        {
            var row = new Span<double>(a.Pointer(j0 + i, j0), jb);
            row.Clear();
            if (i < jb)
            {
                row[i] = 1.0;
            }
        }

        MatrixProduct.AddProduct(a.At(j0, j0), v, x, rows, jb, jb);
    }

    /// <summary>
    /// geqrf's panel step in the recursive form of Elmroth and Gustavson, "Applying recursion to serial and parallel QR
    /// factorization leads to better performance" (2000): columns [c0, c1) of the column-major panel, from row c0 down,
    /// are factored by factoring the left half, applying its block reflector to the right half with matrix products,
    /// then factoring the right half; up to <see cref="LeafColumns"/> columns go by level-2 reflections.
    /// </summary>
    /// <remarks>
    /// The level-2 form streams every remaining column of the m x Block panel (4 MB at m = 4096, beyond L2) through the
    /// cache at each of the Block reflectors; here most of that work is products on blocks of at most half the panel.
    /// The roundings differ from the level-2 form's (the same reflectors, applied as a block), not across CPUs.
    /// </remarks>
    private static unsafe void FactorColumns(double* panel, int rows, int c0, int c1, double* tau, Span<double> diagonal, Scratch scratch)
    {
        if (c1 - c0 <= LeafColumns)
        {
            for (int k = c0; k < c1; k++)
            {
                var x = new Span<double>(panel + ((nint)k * rows) + k, rows - k);
                diagonal[k] = Reflector(x, out tau[k]);
                ReflectColumns(panel, rows, k, c1, tau[k]);
            }

            return;
        }

        int mid = c0 + ((c1 - c0) / 2);
        FactorColumns(panel, rows, c0, mid, tau, diagonal, scratch);
        ApplyPanelReflector(panel, rows, c0, mid, c1, tau, scratch);
        FactorColumns(panel, rows, mid, c1, tau, diagonal, scratch);
    }

    /// <summary>
    /// Applies (H_c0 ... H_(mid-1))^T = I - V T^T V^T, V the reflectors of columns [c0, mid) from row c0, to columns
    /// [mid, c1) of the column-major panel. A column-major block is the row-major view of its transpose, so the products
    /// run on transposes: C^T += (C^T V) (-T) V^T.
    /// </summary>
    private static unsafe void ApplyPanelReflector(double* panel, int rows, int c0, int mid, int c1, double* tau, Scratch scratch)
    {
        int kb = mid - c0;
        int nc = c1 - mid;
        int length = rows - c0;

        // V, row-major length x kb, its unit diagonal and zeros explicit (the panel holds R and 1.0 there).
        var v = Strided.RowMajor(scratch.Reflectors, kb);
        for (int i = 0; i < length; i++)
        {
            double* to = v.Pointer(i, 0);
            for (int j = 0; j < kb; j++)
            {
                to[j] = j < i ? panel[((nint)(c0 + j) * rows) + c0 + i] : j == i ? 1.0 : 0.0;
            }
        }

        // The Gram matrix and -T in the two halves of Small (kb <= Block / 2 rows of Block each).
        double* gram = scratch.Small;
        double* t = scratch.Small + ((nint)(Block / 2) * Block);
        BuildNegatedT(v, kb, length, tau + c0, gram, t);

        var right = new Strided((nint)(panel + ((nint)mid * rows) + c0), rows, 1);
        var w = Strided.RowMajor(scratch.Work, kb);
        var sw = Strided.RowMajor(scratch.Work + ((nint)nc * kb), kb);
        new Span<double>(scratch.Work, 2 * nc * kb).Clear();
        MatrixProduct.AddProduct(w, right, v, nc, kb, length);
        MatrixProduct.AddProduct(sw, w, Strided.RowMajor(t, Block), nc, kb, kb);
        MatrixProduct.AddProduct(right, sw, v.Transposed, nc, length, kb);
    }

    /// <summary>
    /// Applies H_k = I - tau v v^T (v: column k of the column-major panel from row k) to columns k + 1 to end - 1. The
    /// columns are independent, so they are shared among the threads in contiguous runs: a column's arithmetic is the
    /// same on any thread, and the panel's level-2 work, which streams the whole m x Block panel from L3 at every
    /// reflector once m is large, no longer leaves the other cores idle.
    /// </summary>
    private static unsafe void ReflectColumns(double* panel, int rows, int k, int end, double tau)
    {
        int first = k + 1;
        int count = end - first;
        int length = rows - k;
        void Run(int from, int to)
        {
            var x = new ReadOnlySpan<double>(panel + ((nint)k * rows) + k, length);
            for (int c = from; c < to; c++)
            {
                var column = new Span<double>(panel + ((nint)c * rows) + k, length);
                AddScaled(column, x, -tau * OrderedDot.Dot(x, column));
            }
        }

        int runs = Math.Min(Environment.ProcessorCount, count);
        if ((long)count * length < PanelParallelWork || runs < 2)
        {
            Run(first, end);
            return;
        }

        Parallel.For(0, runs, Parallelism.Options, r => Run(first + (r * count / runs), first + ((r + 1) * count / runs)));
    }

    /// <summary>
    /// Turns x (alpha, x1) into the reflector v = (1, x1 / (alpha - beta)) with H x = (beta, 0) and H = I - tau v v^T,
    /// beta = -sign(alpha) ||x|| (LAPACK's dlarfg); tau = 0 and H = I when x1 is zero.
    /// </summary>
    /// <returns>beta, the diagonal entry of R.</returns>
    private static double Reflector(Span<double> x, out double tau)
    {
        double alpha = x[0];
        var tail = x[1..];
        double tailSquares = OrderedDot.Dot(tail, tail);
        x[0] = 1.0;
        if (tailSquares == 0)
        {
            tau = 0;
            return alpha;
        }

        double norm = Math.Sqrt((alpha * alpha) + tailSquares);
        double beta = alpha >= 0 ? -norm : norm;
        tau = (beta - alpha) / beta;
        Scale(tail, 1.0 / (alpha - beta));
        return beta;
    }

    /// <summary>V of panel (j0, jb) as a row-major rows x jb block: the unit diagonal and the zeros above it made explicit.</summary>
    private static unsafe Strided LoadReflectors(Strided a, int j0, int jb, int rows, Scratch scratch)
    {
        var v = Strided.RowMajor(scratch.Reflectors, jb);
        for (int i = 0; i < rows; i++)
        {
            double* from = a.Pointer(j0 + i, j0);
            double* to = v.Pointer(i, 0);
            for (int c = 0; c < jb; c++)
            {
                to[c] = c < i ? from[c] : c == i ? 1.0 : 0.0;
            }
        }

        return v;
    }

    /// <summary>
    /// -T of the panel's block reflector (LAPACK's dlarft, forward, columnwise): T upper triangular with T[k, k] = tau_k
    /// and T[0:k, k] = -tau_k T[0:k, 0:k] V[:, 0:k]^T v_k, the inner products taken from the Gram matrix V^T V.
    /// </summary>
    private static unsafe void BuildNegatedT(Strided v, int jb, int rows, double* tau, double* gramStart, double* t)
    {
        var gram = Strided.RowMajor(gramStart, Block);
        new Span<double>(gramStart, jb * Block).Clear();
        MatrixProduct.AddProduct(gram, v.Transposed, v, jb, jb, rows);

        new Span<double>(t, jb * Block).Clear();
        Span<double> z = stackalloc double[Block];
        for (int k = 0; k < jb; k++)
        {
            for (int q = 0; q < k; q++)
            {
                z[q] = -tau[k] * gram.Pointer(q, k)[0];
            }

            // Column k of T, negated: -T[r, k] = sum over q in [r, k) of -T[r, q] z[q], ascending q.
            for (int r = 0; r < k; r++)
            {
                double sum = 0;
                for (int q = r; q < k; q++)
                {
                    sum += t[(r * Block) + q] * z[q];
                }

                t[(r * Block) + k] = sum;
            }

            t[(k * Block) + k] = -tau[k];
        }
    }

    /// <summary>C += V (S (V^T C)) for the rows x cols block C, S = -T or -T^T (jb x jb): H C or H^T C.</summary>
    private static unsafe void ApplyBlockReflector(Strided c, Strided v, Strided s, int jb, int rows, int cols, Scratch scratch)
    {
        // A row length off a power of two, so the rows of a strip do not all fall in the same L1 sets.
        int leading = cols + 8;
        var w = Strided.RowMajor(scratch.Work, leading);
        var sw = Strided.RowMajor(scratch.Work + ((nint)Block * leading), leading);
        new Span<double>(scratch.Work, 2 * Block * leading).Clear();
        MatrixProduct.AddProduct(w, v.Transposed, c, jb, cols, rows);
        MatrixProduct.AddProduct(sw, s, w, jb, cols, jb);
        MatrixProduct.AddProduct(c, v, sw, rows, cols, jb);
    }

    private static void FlipNegativeColumns(Span<double> matrix, int m, int n, ReadOnlySpan<double> diagonal)
    {
        var signs = new double[n];
        for (int j = 0; j < n; j++)
        {
            signs[j] = diagonal[j] < 0 ? -1.0 : 1.0;
        }

        for (int i = 0; i < m; i++)
        {
            var row = matrix.Slice(i * n, n);
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, signs, row);
        }
    }

    /// <summary>y += factor * x element by element (multiply, then add: never fused, the same bits on every CPU).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddScaled(Span<double> y, ReadOnlySpan<double> x, double factor)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var f = new Vector<double>(factor);
            for (; i + Vector<double>.Count <= y.Length; i += Vector<double>.Count)
            {
                (new Vector<double>(y[i..]) + (f * new Vector<double>(x[i..]))).CopyTo(y[i..]);
            }
        }

        for (; i < y.Length; i++)
        {
            y[i] += factor * x[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scale(Span<double> x, double factor) =>
        System.Numerics.Tensors.TensorPrimitives.Multiply(x, factor, x);

    /// <summary>The pinned work space of one factorization: panels and small blocks, no matrix-sized buffer.</summary>
    private sealed unsafe class Scratch
    {
        private readonly double[] _values;

        public Scratch(int m, int n, int blocks)
        {
            long panel = (long)m * Block;
            long work = 2L * Block * (n + 8);
            long small = (long)Block * Block;
            _values = GC.AllocateUninitializedArray<double>(checked((int)((2 * panel) + work + small + (blocks * small) + (2L * n))), pinned: true);
            fixed (double* start = _values)
            {
                Panel = start;
            }

            Reflectors = Panel + panel;
            Work = Reflectors + panel;
            Small = Work + work;
            TBlocks = Small + small;
            Tau = TBlocks + (blocks * small);
            DiagonalStart = Tau + n;
            Columns = n;
        }

        /// <summary>The panel being factored, column-major (m x Block at most).</summary>
        public double* Panel { get; }

        /// <summary>V of the current panel, row-major (m x Block at most).</summary>
        public double* Reflectors { get; }

        /// <summary>V^T C and S V^T C, Block x (n + 8) each.</summary>
        public double* Work { get; }

        /// <summary>A Block x Block block: the Gram matrix V^T V, or -T V1^T.</summary>
        public double* Small { get; }

        /// <summary>tau of every reflector.</summary>
        public double* Tau { get; }

        /// <summary>diag(R).</summary>
        public Span<double> Diagonal => new(DiagonalStart, Columns);

        private double* TBlocks { get; }

        private double* DiagonalStart { get; }

        private int Columns { get; }

        /// <summary>-T of panel b, row-major Block x Block (upper triangular).</summary>
        public double* NegatedT(int b) => TBlocks + ((nint)b * Block * Block);
    }
}
