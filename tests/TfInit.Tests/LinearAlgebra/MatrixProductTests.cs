using TfInit.LinearAlgebra;

namespace TfInit.Tests.LinearAlgebra;

/// <summary>
/// The blocked QR's product C += A B rounds as documented on every path: each element equals a scalar loop of fused
/// multiply-adds (Math.FusedMultiplyAdd, exact a b + c rounded once) in ascending k, bit for bit, whatever the kernel
/// width (512, 256 and 128 bits, each in hardware or software vectors), tile, strip, edge or thread it falls in, and for
/// transposed A or B.
/// </summary>
[Collection(Determinism.ParallelismCollection.Name)]
public sealed class MatrixProductTests
{
    public static TheoryData<int, int, int> Sizes => new()
    {
        { 1, 1, 1 },
        { 3, 5, 7 },         // smaller than one 4-row group and one vector strip
        { 4, 12, 32 },       // exactly one 256-bit kernel tile
        { 8, 24, 32 },       // exactly two 512-bit kernel tiles
        { 37, 101, 33 },     // row, strip and vector edges
        { 130, 200, 600 },   // several row and column tiles, two or more depth blocks at every width, the parallel path
        { 8, 800, 64 },      // one row tile and the wide column tiles (384) of the QR's V^T C, in parallel
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public unsafe void EveryElementIsTheAscendingSum(int rows, int cols, int depth)
    {
        foreach (var (transposedA, threads, bits) in
            from t in new[] { false, true } from n in new[] { -1, 1 } from w in new[] { 512, 256, 128 } select (t, n, w))
        {
            var random = new System.Random((rows * 31) + (cols * 7) + depth);
            double[] a = Values(random, rows * depth);
            double[] b = Values(random, depth * cols);
            double[] c = Values(random, rows * cols);
            double[] expected = (double[])c.Clone();
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++)
                {
                    double sum = expected[(i * cols) + j];
                    for (int k = 0; k < depth; k++)
                    {
                        double aik = transposedA ? a[(k * rows) + i] : a[(i * depth) + k];
                        sum = Math.FusedMultiplyAdd(aik, b[(k * cols) + j], sum);
                    }

                    expected[(i * cols) + j] = sum;
                }
            }

            try
            {
                Parallelism.MaxDegreeOfParallelism = threads;
                fixed (double* pa = a, pb = b, pc = c)
                {
                    var left = transposedA ? Strided.RowMajor(pa, rows).Transposed : Strided.RowMajor(pa, depth);
                    MatrixProduct.AddProduct(Strided.RowMajor(pc, cols), left, Strided.RowMajor(pb, cols), rows, cols, depth, bits);
                }
            }
            finally
            {
                Parallelism.MaxDegreeOfParallelism = -1;
            }

            Assert.True(expected.AsSpan().SequenceEqual(c), $"{bits}-bit kernel, transposed A {transposedA}, {threads} threads");
        }
    }

    private static double[] Values(System.Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4))).ToArray();
}
