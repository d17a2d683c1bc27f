using TfInit.Initializers;
using TfInit.Tests.Support;

namespace TfInit.Tests.Initializers;

/// <summary>Keras Identity(gain) = gain * eye(rows, cols) (rectangular allowed) and PyTorch eye_ = eye(rows, cols).</summary>
public sealed class IdentityAndEyeTests
{
    [Theory]
    [InlineData(4, 4, 1.0)]
    [InlineData(3, 5, 1.0)]
    [InlineData(5, 3, 2.5)]
    [InlineData(1, 6, -0.5)]
    [InlineData(7, 1, 3.0)]
    public void IdentityIsGainTimesEye(int rows, int cols, double gain)
    {
        double[] actual = new Identity(gain).Generate(rows, cols);
        Bits.Equal(Eye(rows, cols, gain), actual, $"Identity({gain}) {rows}x{cols}");
    }

    [Fact]
    public void IdentityDefaultGainIsOne()
    {
        Bits.Equal(Eye(3, 3, 1.0), new Identity().Generate(3, 3), "Identity()");
    }

    [Theory]
    [InlineData(4, 4)]
    [InlineData(2, 6)]
    [InlineData(6, 2)]
    public void EyeIsTheIdentityMatrix(int rows, int cols)
    {
        Bits.Equal(Eye(rows, cols, 1.0), new Eye().Generate(rows, cols), $"Eye {rows}x{cols}");
        float[] singles = new Eye().GenerateSingle(rows, cols);
        Bits.Equal(Eye(rows, cols, 1.0).Select(v => (float)v).ToArray(), singles, $"Eye float32 {rows}x{cols}");
    }

    private static double[] Eye(int rows, int cols, double gain)
    {
        var m = new double[rows * cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                m[(i * cols) + j] = i == j ? gain : 0.0;
            }
        }

        return m;
    }
}
