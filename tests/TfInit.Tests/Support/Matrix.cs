namespace TfInit.Tests.Support;

/// <summary>Small dense-matrix helpers for the structural tests (row-major double arrays).</summary>
internal static class Matrix
{
    /// <summary>The Gram matrix of the columns (M^T M, cols x cols) or of the rows (M M^T, rows x rows).</summary>
    public static double[,] Gram(ReadOnlySpan<double> m, int rows, int cols, bool ofColumns)
    {
        int k = ofColumns ? cols : rows;
        var g = new double[k, k];
        for (int a = 0; a < k; a++)
        {
            for (int b = 0; b < k; b++)
            {
                double sum = 0;
                int length = ofColumns ? rows : cols;
                for (int t = 0; t < length; t++)
                {
                    sum += ofColumns ? m[(t * cols) + a] * m[(t * cols) + b] : m[(a * cols) + t] * m[(b * cols) + t];
                }

                g[a, b] = sum;
            }
        }

        return g;
    }

    /// <summary>Asserts that every entry of <paramref name="g"/> is within <paramref name="tolerance"/> of diag * I.</summary>
    public static void AssertScaledIdentity(double[,] g, double diag, double tolerance, string label)
    {
        for (int a = 0; a < g.GetLength(0); a++)
        {
            for (int b = 0; b < g.GetLength(1); b++)
            {
                double want = a == b ? diag : 0.0;
                Assert.True(Math.Abs(g[a, b] - want) <= tolerance,
                    $"{label}: Gram[{a}, {b}] = {g[a, b]:R}, expected {want} within {tolerance}.");
            }
        }
    }

    /// <summary>Row-major offset of a multi-index.</summary>
    public static int Ravel(int[] shape, params int[] index)
    {
        Assert.Equal(shape.Length, index.Length);
        int offset = 0;
        for (int d = 0; d < shape.Length; d++)
        {
            Assert.InRange(index[d], 0, shape[d] - 1);
            offset = (offset * shape[d]) + index[d];
        }

        return offset;
    }

    public static int Product(IEnumerable<int> dims) => dims.Aggregate(1, (a, b) => a * b);
}
