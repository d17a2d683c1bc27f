using System.Globalization;
using System.Text.Json;
using TfInit.Initializers;
using TfInit.Random;
using TfInit.Tests.Support;

namespace TfInit.Tests.Initializers;

/// <summary>
/// Keras Orthogonal: the shape is flattened to (prod(shape[:-1]), shape[-1]); the result has orthonormal columns
/// when rows &gt;= cols (Q^T Q = I) and orthonormal rows otherwise (Q Q^T = I), times gain.
/// </summary>
public sealed class OrthogonalTests
{
    public static TheoryData<int[], double> Shapes() => new()
    {
        { [64, 64], 1.0 },          // square
        { [32, 96], 1.0 },          // wide: orthonormal rows
        { [200, 50], 1.0 },         // tall: orthonormal columns
        { [3, 3, 16, 8], 1.0 },     // conv kernel, flattens to (144, 8): tall
        { [1, 1, 4, 32], 1.0 },     // 1x1 conv, flattens to (4, 32): wide
        { [2, 5, 7], 1.0 },         // rank 3, flattens to (10, 7)
        { [40, 40], 1.5 },          // gain
        { [3, 3, 16, 8], 0.5 },
        { [1, 9], 2.0 },            // a single row: unit norm times gain
        { [9, 1], 1.0 },            // a single column
        { [300, 127], 1.0 },        // panel widths around the QR's block of 128 columns: one short panel,
        { [300, 128], 1.0 },        // exactly one panel,
        { [300, 129], 1.0 },        // one panel and a one-column panel,
        { [257, 257], 1.0 },        // square, three panels, the last of one column
        { [400, 520], 0.7 },        // wide across four panels
        { [513, 130], 1.0 },        // rows past the product's 128-row tile, columns past its 96-column tile
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void HasOrthonormalRowsOrColumnsTimesGain(int[] shape, double gain)
    {
        int cols = shape[^1];
        int rows = Matrix.Product(shape) / cols;
        double[] values = new Orthogonal(gain, seed: 17).Generate(shape);

        var gram = Matrix.Gram(values, rows, cols, ofColumns: rows >= cols);
        Matrix.AssertScaledIdentity(gram, gain * gain, 1e-5 * gain * gain, $"Orthogonal {string.Join("x", shape)} gain {gain}");
    }

    [Theory]
    [InlineData(200, 50)]
    [InlineData(50, 200)]
    public void Float32OutputIsOrthonormalToo(int rows, int cols)
    {
        float[] singles = new Orthogonal(seed: 5).GenerateSingle(rows, cols);
        double[] values = singles.Select(v => (double)v).ToArray();
        Matrix.AssertScaledIdentity(Matrix.Gram(values, rows, cols, rows >= cols), 1.0, 1e-5, "float32");
    }

    [Fact]
    public void NumPyStreamMatchesKerasAlgorithmRunByNumPy()
    {
        // Keras: a = normal(flat_shape=(max, min)); q, r = qr(a); q *= sign(diag(r)); q = q.T if rows < cols; gain * q.
        // Run here with numpy's legacy stream (np.random.seed) and LAPACK's QR; TfInit on its NumPy stream must agree
        // to rounding (the QR implementations differ, the factorization with a positive diag(R) is unique). Entries of Q
        // are at most 1 and the two QRs round differently (blocked vs LAPACK's blocking), so agreement is to 1e-12
        // absolute: about 10^4 units in the last place of 1, far above the spread of either, far below any real error.
        var cases = new (long Seed, int[] Shape, double Gain)[]
        {
            (3, [6, 4], 1.0),
            (4, [4, 6], 1.0),
            (5, [3, 3, 4, 5], 1.3),
            (6, [7, 7], 0.5),
            (7, [400, 268], 1.0),   // three panels of the blocked QR (128 columns each, the last of 12)
            (8, [140, 300], 1.0),   // wide: one full panel and a short one
            (9, [129, 129], 2.0),   // one panel and a single column
        };
        const string script = """
            import json, sys
            import numpy as np
            out = []
            for seed, shape, gain in json.loads(sys.argv[1]):
                rows = int(np.prod(shape[:-1])); cols = shape[-1]
                np.random.seed(seed)
                a = np.random.normal(size=(max(rows, cols), min(rows, cols)))
                q, r = np.linalg.qr(a)
                q = q * np.sign(np.diag(r))
                if rows < cols:
                    q = q.T
                out.append([repr(float(x)) for x in (gain * q).reshape(shape).ravel()])
            print(json.dumps(out))
            """;
        string input = JsonSerializer.Serialize(cases.Select(c => new object[] { c.Seed, c.Shape, c.Gain }));
        var expected = JsonSerializer.Deserialize<string[][]>(PythonRunner.Run(script, input))!;

        for (int k = 0; k < cases.Length; k++)
        {
            var (seed, shape, gain) = cases[k];
            double[] actual = new Orthogonal(gain, seed).Generate(new NumPyRandomState(seed), shape);
            double[] want = expected[k].Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(want.Length, actual.Length);
            for (int i = 0; i < want.Length; i++)
            {
                Assert.True(Math.Abs(want[i] - actual[i]) <= 1e-12,
                    $"seed {seed} shape {string.Join("x", shape)}[{i}]: numpy {want[i]:R}, TfInit {actual[i]:R}");
            }
        }
    }
}
