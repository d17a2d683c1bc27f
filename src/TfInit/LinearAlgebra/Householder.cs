namespace TfInit.LinearAlgebra;

/// <summary>
/// QR factorization by Householder reflections (Golub and Van Loan, Matrix Computations, 5.2), the
/// method LAPACK's geqrf/orgqr use, so Q agrees with numpy's <c>np.linalg.qr</c> to rounding once
/// both are normalized to a positive diagonal of R.
/// </summary>
internal static class Householder
{
    // Below about 2^16 multiply-adds per reflector application, a thread hand-off costs more than it saves.
    private const long ParallelWork = 1 << 16;
    private const int ColumnBlock = 32;

    // 32 reflectors of a 2048-row matrix are at most 512 KB: they stay in L2 while each trailing column (16 KB) takes them all.
    private const int ReflectorBlock = 32;

    /// <summary>
    /// Replaces the m x n matrix (m &gt;= n), given column by column in <paramref name="columns"/>
    /// (column j at [j * m, (j + 1) * m)), by the n columns of Q times sign(diag(R)): the unique Q whose R
    /// has a positive diagonal.
    /// </summary>
    /// <remarks>
    /// Reflectors are applied to the trailing columns <see cref="ReflectorBlock"/> at a time, each column taking the
    /// whole block while it sits in cache, instead of one sweep of the trailing matrix per reflector. Every column still
    /// gets the same reflections in the same order, so Q is bit for bit what the unblocked loop gives; only the memory
    /// traffic (the bound for large n) drops by the block size.
    /// </remarks>
    public static void OrthonormalColumns(Span<double> columns, int m, int n)
    {
        var reflectors = new double[columns.Length];
        var diagonal = new double[n];
        for (int k0 = 0; k0 < n; k0 += ReflectorBlock)
        {
            int kEnd = Math.Min(n, k0 + ReflectorBlock);
            for (int k = k0; k < kEnd; k++)
            {
                var x = columns.Slice(k * m + k, m - k);
                double norm = Norm(x);
                double alpha = x[0] >= 0 ? -norm : norm;
                var v = reflectors.AsSpan(k * m + k, m - k);
                x.CopyTo(v);
                v[0] -= alpha;
                double vNorm = Norm(v);
                if (vNorm > 0)
                {
                    Scale(v, 1.0 / vNorm);
                }

                ApplyReflectors(reflectors, columns, m, k, k + 1, descending: false, k, kEnd);
                diagonal[k] = alpha;
            }

            ApplyReflectors(reflectors, columns, m, k0, kEnd, descending: false, kEnd, n);
        }

        // Q = H0 H1 ... H(n-1) applied to the first n columns of the identity, last reflector first.
        columns.Clear();
        for (int j = 0; j < n; j++)
        {
            columns[j * m + j] = 1.0;
        }

        for (int kHigh = n; kHigh > 0; kHigh -= ReflectorBlock)
        {
            int kLow = Math.Max(0, kHigh - ReflectorBlock);
            ApplyReflectors(reflectors, columns, m, kLow, kHigh, descending: true, kLow, n);
        }

        for (int j = 0; j < n; j++)
        {
            if (diagonal[j] < 0)
            {
                Scale(columns.Slice(j * m, m), -1.0);
            }
        }
    }

    /// <summary>
    /// Applies reflectors [kFrom, kTo) (reflector k stored at reflectors[k * m + k ..], acting on rows k..) to each
    /// column j in [from, to), only those with k &lt;= j, in ascending or descending k. Columns are independent, so
    /// large updates are split across threads in column blocks; each column sees the same operations whatever the
    /// thread count, and the result does not depend on it.
    /// </summary>
    private static unsafe void ApplyReflectors(double[] reflectors, Span<double> columns, int m, int kFrom, int kTo, bool descending, int from, int to)
    {
        if (from >= to)
        {
            return;
        }

        fixed (double* start = columns)
        {
            nint address = (nint)start;
            void Columns(int first, int last)
            {
                for (int j = first; j < last; j++)
                {
                    int kLast = Math.Min(kTo - 1, j);
                    for (int step = 0; step <= kLast - kFrom; step++)
                    {
                        int k = descending ? kLast - step : kFrom + step;
                        Reflect(reflectors.AsSpan((k * m) + k, m - k), new Span<double>((double*)address + ((long)j * m) + k, m - k));
                    }
                }
            }

            if ((long)(m - kFrom) * (to - from) * (kTo - kFrom) < ParallelWork)
            {
                Columns(from, to);
                return;
            }

            int blocks = (to - from + ColumnBlock - 1) / ColumnBlock;
            Parallel.For(0, blocks, Parallelism.Options, block => Columns(from + (block * ColumnBlock), Math.Min(to, from + ((block + 1) * ColumnBlock))));
        }
    }

    private static void Reflect(ReadOnlySpan<double> v, Span<double> column)
    {
        double dot = OrderedDot.Dot(v, column);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(v, -2.0 * dot, column, column);
    }

    private static double Norm(ReadOnlySpan<double> x) => Math.Sqrt(OrderedDot.Dot(x, x));

    private static void Scale(Span<double> x, double factor) =>
        System.Numerics.Tensors.TensorPrimitives.Multiply(x, factor, x);
}
