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

    /// <summary>
    /// Replaces the m x n matrix (m &gt;= n), given column by column in <paramref name="columns"/>
    /// (column j at [j * m, (j + 1) * m)), by the n columns of Q times sign(diag(R)): the unique Q whose R
    /// has a positive diagonal.
    /// </summary>
    public static void OrthonormalColumns(Span<double> columns, int m, int n)
    {
        var reflectors = new double[columns.Length];
        var diagonal = new double[n];
        for (int k = 0; k < n; k++)
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

            ReflectColumns(reflectors, k * m + k, columns, m, k, k, n);
            diagonal[k] = alpha;
        }

        // Q = H0 H1 ... H(n-1) applied to the first n columns of the identity, last reflector first.
        columns.Clear();
        for (int j = 0; j < n; j++)
        {
            columns[j * m + j] = 1.0;
        }

        for (int k = n - 1; k >= 0; k--)
        {
            ReflectColumns(reflectors, k * m + k, columns, m, k, k, n);
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
    /// Applies the reflector stored at reflectors[vStart..] (length m - k) to rows k.. of columns [from, to). Columns are
    /// independent, so large updates are split across threads in column blocks: each column sees the same operations
    /// whatever the thread count, and the result does not depend on it.
    /// </summary>
    private static unsafe void ReflectColumns(double[] reflectors, int vStart, Span<double> columns, int m, int k, int from, int to)
    {
        int length = m - k;
        if ((long)length * (to - from) < ParallelWork)
        {
            var v = reflectors.AsSpan(vStart, length);
            for (int j = from; j < to; j++)
            {
                Reflect(v, columns.Slice(j * m + k, length));
            }

            return;
        }

        fixed (double* start = columns)
        {
            nint address = (nint)start;
            int blocks = (to - from + ColumnBlock - 1) / ColumnBlock;
            Parallel.For(0, blocks, block =>
            {
                var v = reflectors.AsSpan(vStart, length);
                int end = Math.Min(to, from + ((block + 1) * ColumnBlock));
                for (int j = from + (block * ColumnBlock); j < end; j++)
                {
                    Reflect(v, new Span<double>((double*)address + ((long)j * m) + k, length));
                }
            });
        }
    }

    private static void Reflect(ReadOnlySpan<double> v, Span<double> column)
    {
        double dot = System.Numerics.Tensors.TensorPrimitives.Dot(v, column);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(v, -2.0 * dot, column, column);
    }

    private static double Norm(ReadOnlySpan<double> x) => System.Numerics.Tensors.TensorPrimitives.Norm(x);

    private static void Scale(Span<double> x, double factor) =>
        System.Numerics.Tensors.TensorPrimitives.Multiply(x, factor, x);
}
