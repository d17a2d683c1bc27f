using TfInit.Initializers;

namespace TfInit.Tests.Initializers;

/// <summary>
/// PyTorch calculate_gain: linear, conv1d/2d/3d, conv_transpose1d/2d/3d and sigmoid 1; tanh 5/3; relu sqrt(2);
/// leaky_relu sqrt(2 / (1 + slope^2)) with slope 0.01 when none is given; selu 3/4; anything else an error.
/// </summary>
public sealed class GainTests
{
    public static TheoryData<string, double> Table() => new()
    {
        { "linear", 1.0 },
        { "conv1d", 1.0 },
        { "conv2d", 1.0 },
        { "conv3d", 1.0 },
        { "conv_transpose1d", 1.0 },
        { "conv_transpose2d", 1.0 },
        { "conv_transpose3d", 1.0 },
        { "sigmoid", 1.0 },
        { "tanh", 5.0 / 3 },
        { "relu", Math.Sqrt(2.0) },
        { "leaky_relu", Math.Sqrt(2.0 / (1 + (0.01 * 0.01))) },
        { "selu", 3.0 / 4 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void MatchesPyTorchTable(string nonlinearity, double expected)
    {
        Assert.Equal(expected, Gain.Calculate(nonlinearity), 15);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(0.01)]
    public void LeakyReluUsesTheGivenSlope(double slope)
    {
        Assert.Equal(Math.Sqrt(2.0 / (1 + (slope * slope))), Gain.Calculate("leaky_relu", slope), 15);
    }

    [Fact]
    public void LeakyReluSlopePointTwoIsAboutOnePointThreeEight()
    {
        // sqrt(2 / 1.04) = 1.386750490563...
        Assert.Equal(1.3867504905630728, Gain.Calculate("leaky_relu", 0.2), 14);
    }

    [Fact]
    public void ParamIsIgnoredByOtherNonlinearities()
    {
        Assert.Equal(Math.Sqrt(2.0), Gain.Calculate("relu", 0.5), 15);
        Assert.Equal(5.0 / 3, Gain.Calculate("tanh", 3.0), 15);
    }

    [Theory]
    [InlineData("gelu")]
    [InlineData("Relu")]
    [InlineData("")]
    [InlineData("softmax")]
    public void UnknownNonlinearityIsAnErrorListingTheValidOnes(string nonlinearity)
    {
        var error = Assert.Throws<ArgumentException>(() => Gain.Calculate(nonlinearity));
        Assert.Equal("nonlinearity", error.ParamName);
        Assert.Contains($"'{nonlinearity}'", error.Message, StringComparison.Ordinal);
        foreach (string known in new[] { "linear", "tanh", "relu", "leaky_relu", "selu", "sigmoid" })
        {
            Assert.Contains(known, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NonFiniteLeakyReluSlopeIsAnError(double slope)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Gain.Calculate("leaky_relu", slope));
        Assert.Equal("param", error.ParamName);
    }
}
