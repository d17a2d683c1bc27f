using System.Text.Json;
using TfInit.Initializers;
using TfInit.Serialization;
using TfInit.Tests.Support;

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

    /// <summary>
    /// Follows <c>test_constant_initializer_array_value</c>: Constant(value=np.random.random((3, 3))) on (3, 3) is
    /// np.full((3, 3), value), and the config survives serialization (the value as a <c>__numpy__</c> array).
    /// The random values and np.full come from numpy run live.
    /// </summary>
    [Fact]
    public void TestConstantInitializerArrayValue()
    {
        const string script = """
            import json
            import numpy as np
            np.random.seed(1)
            v = np.random.random((3, 3))
            print(json.dumps({"value": v.tolist(), "full": np.full(shape=(3, 3), fill_value=v).ravel().tolist()}))
            """;
        using var reference = JsonDocument.Parse(PythonRunner.Run(script));
        double[] value = reference.RootElement.GetProperty("value").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(e => e.GetDouble()).ToArray();
        double[] full = reference.RootElement.GetProperty("full").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var initializer = new Constant(value, 3, 3);
        Assert.Equal(full, initializer.Generate(3, 3));
        KerasRandomInitializersTests.AssertSerializationRoundTrip(initializer);
        Assert.Contains("\"class_name\":\"__numpy__\"", initializer.ToString());
    }

    /// <summary>
    /// Follows <c>test_stft_initializer</c>: on (256, 1, 513), STFT("real", None) is cos(args) within atol 1e-4;
    /// ("real", "hamming", None, True) is cos(args) times the float32 periodic hamming window; ("imag", "tukey",
    /// "density", False) is sin(args) times the tukey window over its L2 norm; ("imag", range(1, 257), "spectrum") is
    /// sin(args) times the window over its sum; each float32 within atol 1e-4, rtol 1e-6 as upstream, each config
    /// round-tripping; the three bad-argument errors; and "STFTInitializer" naming the class. The expected arrays are the
    /// upstream test's own numpy/scipy expressions, run live.
    /// </summary>
    [Fact]
    public void TestStftInitializer()
    {
        const string script = """
            import json
            import numpy as np
            import scipy.signal
            time_range = np.arange(256).reshape((-1, 1, 1))
            freq_range = (np.arange(513) / 1024.0).reshape((1, 1, -1))
            pi = np.arccos(np.float32(-1))
            args = -2 * pi * time_range * freq_range
            out = [np.cos(args)]
            window = scipy.signal.windows.get_window("hamming", 256, True)
            out.append(np.cos(args) * window.astype("float32").reshape((-1, 1, 1)))
            window = scipy.signal.windows.get_window("tukey", 256, False).astype("float32").reshape((-1, 1, 1))
            out.append(np.sin(args) * (window / np.sqrt(np.sum(window**2))))
            window = np.arange(1, 257).astype("float32").reshape((-1, 1, 1))
            out.append(np.sin(args) * (window / np.sum(window)))
            print(json.dumps([o.ravel().tolist() for o in out]))
            """;
        using var reference = JsonDocument.Parse(PythonRunner.Run(script));
        var expected = reference.RootElement.EnumerateArray().Select(a => a.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        STFT[] initializers =
        [
            new("real", window: (string?)null),
            new("real", "hamming", null, true),
            new("imag", "tukey", "density", false),
            new("imag", new ArrayValue(Enumerable.Range(1, 256).Select(i => (double)i).ToArray(), [256], "int64", ArrayForm.List, null, "window"), "spectrum"),
        ];
        for (int c = 0; c < initializers.Length; c++)
        {
            float[] values = initializers[c].GenerateSingle(256, 1, 513);
            double rtol = c == 0 ? 0 : 1e-6;
            for (int i = 0; i < values.Length; i++)
            {
                Assert.True(Math.Abs(values[i] - expected[c][i]) <= 1e-4 + (rtol * Math.Abs(expected[c][i])), $"case {c}, element {i}: {values[i]} vs {expected[c][i]}");
            }

            KerasRandomInitializersTests.AssertSerializationRoundTrip(initializers[c]);
        }

        Assert.Throws<ArgumentException>(() => new STFT("imaginary"));
        Assert.Throws<ArgumentException>(() => new STFT("real", scaling: "l2"));
        Assert.Throws<ArgumentException>(() => new STFT("real", window: "unknown"));
        Assert.IsType<STFT>(KerasJson.Deserialize("STFTInitializer"));
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
