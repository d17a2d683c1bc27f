using TfInit.Initializers;
using TfInit.Serialization;

namespace TfInit.Tests.Upstream;

/// <summary>
/// Keras 3.16's <c>keras/src/initializers/constant_initializers_test.py</c> (<c>ConstantInitializersTest</c>), ported:
/// each test names the upstream test it follows; <c>run_class_serialization_test</c> is a config round trip.
/// </summary>
public sealed class KerasConstantInitializersTests
{
    /// <summary>Follows <c>test_zeros_initializer</c>.</summary>
    [Fact]
    public void TestZerosInitializer()
    {
        var initializer = new Zeros();
        Assert.Equal(new double[9], initializer.Generate(3, 3));
        KerasRandomInitializersTests.AssertSerializationRoundTrip(initializer);
    }

    /// <summary>Follows <c>test_ones_initializer</c>.</summary>
    [Fact]
    public void TestOnesInitializer()
    {
        var initializer = new Ones();
        Assert.Equal(Enumerable.Repeat(1.0, 9), initializer.Generate(3, 3));
        KerasRandomInitializersTests.AssertSerializationRoundTrip(initializer);
    }

    /// <summary>Follows <c>test_constant_initializer</c>: Constant(6.0) on (3, 3) is np.full((3, 3), 6.0).</summary>
    [Fact]
    public void TestConstantInitializer()
    {
        var initializer = new Constant(6.0);
        Assert.Equal(Enumerable.Repeat(6.0, 9), initializer.Generate(3, 3));
        KerasRandomInitializersTests.AssertSerializationRoundTrip(initializer);
    }

    /// <summary>Follows <c>test_identity_initializer</c>: Identity(gain=2) on (3, 3) is np.eye(3) * 2; IdentityInitializer is its alias.</summary>
    [Fact]
    public void TestIdentityInitializer()
    {
        var initializer = new Identity(2);
        double[] values = initializer.Generate(3, 3);
        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(i / 3 == i % 3 ? 2.0 : 0.0, values[i]);
        }

        KerasRandomInitializersTests.AssertSerializationRoundTrip(initializer);
        Assert.IsType<Identity>(KerasJson.Deserialize("IdentityInitializer"));
    }
}
