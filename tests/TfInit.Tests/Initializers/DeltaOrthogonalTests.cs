using TfInit.Initializers;
using TfInit.Tests.Support;

namespace TfInit.Tests.Initializers;

/// <summary>
/// JAX delta_orthogonal: a conv kernel [..spatial, in, out] (rank 3 to 5, in &lt;= out) that is zero except at the
/// spatial centre ((k - 1) // 2 on every axis), where the (in, out) block has orthonormal rows times scale.
/// </summary>
public sealed class DeltaOrthogonalTests
{
    public static TheoryData<int[], double> Shapes() => new()
    {
        { [3, 3, 16, 32], 1.0 },
        { [3, 3, 8, 8], 1.0 },         // square block
        { [5, 8, 8], 1.0 },            // rank 3 (1-D conv)
        { [3, 3, 3, 4, 4], 1.0 },      // rank 5 (3-D conv)
        { [4, 4, 8, 12], 2.0 },        // even kernel: centre (4 - 1) // 2 = 1, as JAX
        { [2, 6, 5, 5], 0.7 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void CentreSliceIsOrthogonalAndTheRestIsZero(int[] shape, double scale)
    {
        double[] values = new DeltaOrthogonal(scale, seed: 23).Generate(shape);
        int inputs = shape[^2];
        int outputs = shape[^1];
        int[] spatial = shape[..^2];
        int[] centre = spatial.Select(k => (k - 1) / 2).ToArray();

        var block = new double[inputs * outputs];
        for (int i = 0; i < inputs; i++)
        {
            for (int o = 0; o < outputs; o++)
            {
                block[(i * outputs) + o] = values[Matrix.Ravel(shape, [.. centre, i, o])];
            }
        }

        Matrix.AssertScaledIdentity(Matrix.Gram(block, inputs, outputs, ofColumns: false), scale * scale, 1e-5 * scale * scale,
            $"DeltaOrthogonal {string.Join("x", shape)}");

        int centreStart = Matrix.Ravel(shape, [.. centre, 0, 0]);
        for (int index = 0; index < values.Length; index++)
        {
            if (index < centreStart || index >= centreStart + block.Length)
            {
                Assert.True(values[index] == 0.0, $"element {index} outside the centre slice is {values[index]:R}");
            }
        }
    }
}
