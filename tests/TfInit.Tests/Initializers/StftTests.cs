using System.Text.Json;
using TfInit.Initializers;
using TfInit.Serialization;
using TfInit.Signal;
using TfInit.Tests.Support;

namespace TfInit.Tests.Initializers;

/// <summary>
/// STFT against a live reference: scipy's own <c>signal.get_window</c> and Keras 3.16's STFT formula (from
/// <c>keras/src/initializers/constant_initializers.py</c>) written in numpy float64 in the script (Keras itself is not
/// installed here), for every window name TfInit accepts.
/// </summary>
public sealed class StftTests
{
    // Keras's STFT.__call__ in numpy float64: freq = arange(F) / (2 (F - 1)), args = -2 * time * freq * arccos(-1).
    private const string Script = """
        import json, sys
        import numpy as np
        import scipy.signal
        out = []
        for case in json.loads(sys.argv[1]):
            T, F = case["frames"], case["bins"]
            win = None
            scale = 1
            if case["window"] is not None:
                win = np.asarray(scipy.signal.get_window(case["window"], T, case["periodic"]), dtype=np.float64)
                win = win.reshape(T, 1, 1)
                if case["scaling"] == "density":
                    scale = np.sqrt(np.sum(np.square(win)))
                elif case["scaling"] == "spectrum":
                    scale = np.sum(np.abs(win))
            n = (F - 1) * 2
            freq = np.divide(np.arange(F, dtype=np.float64).reshape(1, 1, F), n)
            time = np.arange(T, dtype=np.float64).reshape(T, 1, 1)
            args = np.multiply(np.multiply(-2, time), freq) * np.arccos(np.float64(-1))
            kernel = np.cos(args) if case["side"] == "real" else np.sin(args)
            if win is not None:
                kernel = np.divide(np.multiply(kernel, win), scale)
            # A window with zero norm (bohman of 2 samples) makes Keras write 0 / 0 = NaN: None, which TfInit must refuse.
            out.append(kernel.ravel().tolist() if np.all(np.isfinite(kernel)) else None)
        print(json.dumps(out))
        """;

    /// <summary>
    /// Every accepted window name (scipy's aliases included), symmetric and periodic, at frame lengths 1 (scipy's
    /// ones), 2, 7 and 16, each scaling and side: float64 within 1e-12 of the reference (the same operations in the same
    /// order; what remains is libm's last bit in cos/sin), and float32 the reference rounded to float32 within one ulp
    /// (a double that lies within 1e-12 of a float32 rounding tie may round the other way).
    /// </summary>
    [Fact]
    public void EveryWindowMatchesScipyAndKerasFormula()
    {
        var cases = new List<Dictionary<string, object?>>();
        string?[] scalings = ["density", "spectrum", null];
        int k = 0;
        foreach (string window in Windows.Names)
        {
            foreach (int frames in new[] { 1, 2, 7, 16 })
            {
                foreach (bool periodic in new[] { false, true })
                {
                    // One scaling and side per case, cycling, keeps the script short while every pair still appears.
                    cases.Add(new() { ["window"] = window, ["frames"] = frames, ["bins"] = 9, ["periodic"] = periodic, ["scaling"] = scalings[k % 3], ["side"] = k % 2 == 0 ? "real" : "imag" });
                    k++;
                }
            }
        }

        cases.Add(new() { ["window"] = null, ["frames"] = 12, ["bins"] = 17, ["periodic"] = false, ["scaling"] = "density", ["side"] = "imag" });
        cases.Add(new() { ["window"] = null, ["frames"] = 256, ["bins"] = 513, ["periodic"] = false, ["scaling"] = null, ["side"] = "real" });
        cases.Add(new() { ["window"] = "hann", ["frames"] = 400, ["bins"] = 257, ["periodic"] = true, ["scaling"] = "density", ["side"] = "real" });
        using var reference = JsonDocument.Parse(PythonRunner.Run(Script, JsonSerializer.Serialize(cases)));
        var expected = reference.RootElement.EnumerateArray().ToArray();
        Assert.Equal(cases.Count, expected.Length);
        int refused = 0;
        for (int c = 0; c < cases.Count; c++)
        {
            var spec = cases[c];
            var stft = new STFT((string)spec["side"]!, (string?)spec["window"], (string?)spec["scaling"], (bool)spec["periodic"]!);
            int[] shape = [(int)spec["frames"]!, 1, (int)spec["bins"]!];
            string label = JsonSerializer.Serialize(spec);
            if (expected[c].ValueKind == JsonValueKind.Null)
            {
                Assert.Equal("window", Assert.Throws<ArgumentException>(() => stft.Generate(shape)).ParamName);
                refused++;
                continue;
            }

            double[] want = expected[c].EnumerateArray().Select(e => e.GetDouble()).ToArray();
            double[] got = stft.Generate(shape);
            float[] single = stft.GenerateSingle(shape);
            Assert.Equal(want.Length, got.Length);
            for (int i = 0; i < want.Length; i++)
            {
                Assert.True(Math.Abs(got[i] - want[i]) <= 1e-12, $"{label}[{i}]: {got[i]:R} vs scipy/numpy {want[i]:R}");
                float rounded = (float)want[i];
                Assert.True(single[i] == rounded || single[i] == MathF.BitIncrement(rounded) || single[i] == MathF.BitDecrement(rounded),
                    $"{label}[{i}] float32: {single[i]:R} vs {rounded:R}");
            }
        }

        // Only the zero-norm windows of 2 samples (bohman, parzen and aliases, when scaled) may be refused.
        Assert.InRange(refused, 0, 12);
    }

    /// <summary>A window given as values (a list, as the upstream test passes range(1, 257)) is used as it is, scaled like a named one.</summary>
    [Fact]
    public void GivenWindowIsUsedAsItIs()
    {
        double[] window = [0.5, 2.0, 1.0, -1.0, 3.0];
        var stft = new STFT("real", new ArrayValue(window, [5]), "spectrum");
        double[] values = stft.Generate(5, 1, 3);
        double l1 = window.Sum(Math.Abs);
        for (int t = 0; t < 5; t++)
        {
            for (int f = 0; f < 3; f++)
            {
                Assert.Equal(Math.Cos(-2.0 * t * (f / 4.0) * Math.PI) * window[t] / l1, values[(t * 3) + f], 15);
            }
        }
    }

    /// <summary>Keras's argument checks, one error each naming the parameter; and the kernel shapes TfInit refuses where Keras would return another shape or NaN.</summary>
    [Fact]
    public void BadArgumentsAndShapesAreRefused()
    {
        Assert.Equal("side", Assert.Throws<ArgumentException>(() => new STFT("imaginary")).ParamName);
        Assert.Equal("scaling", Assert.Throws<ArgumentException>(() => new STFT("real", scaling: "l2")).ParamName);
        Assert.Equal("window", Assert.Throws<ArgumentException>(() => new STFT("real", window: "unknown")).ParamName);
        var kaiser = Assert.Throws<ArgumentException>(() => new STFT("real", window: "kaiser"));
        Assert.Contains("needs one or more parameters", kaiser.Message);
        Assert.Equal("window", Assert.Throws<ArgumentException>(() => new STFT("real", new ArrayValue([1, 2, 3, 4], [2, 2]))).ParamName);
        Assert.Equal("window", Assert.Throws<ArgumentException>(() => new STFT("real", new ArrayValue([1, 2, 3], [3])).Generate(4, 1, 3)).ParamName);
        Assert.Equal("shape", Assert.Throws<ArgumentException>(() => new STFT().Generate(4, 3)).ParamName);
        Assert.Equal("shape", Assert.Throws<ArgumentException>(() => new STFT().Generate(4, 2, 3)).ParamName);
        Assert.Equal("shape", Assert.Throws<ArgumentException>(() => new STFT().Generate(4, 1, 1)).ParamName);
        Assert.Empty(new STFT().Generate(0, 1, 5));
        Assert.Empty(new STFT().Generate(4, 1, 0));
    }

    /// <summary>The config: Keras's key order (side, window, periodic, scaling), null window and scaling kept, a window array written as Keras writes the list it was given.</summary>
    [Fact]
    public void ConfigRoundTripsInKerasForm()
    {
        var stft = new STFT("imag", (string?)null, null, periodic: true);
        Assert.Equal("""{"module":"keras.initializers","class_name":"STFT","config":{"side":"imag","window":null,"periodic":true,"scaling":null},"registered_name":null}""", stft.ToString());
        const string listWindow = """{"module":"keras.initializers","class_name":"STFT","config":{"side":"real","window":[1,2,3.5],"periodic":false,"scaling":"spectrum"},"registered_name":null}""";
        var read = (STFT)KerasJson.Deserialize(listWindow);
        Assert.Equal(listWindow, read.ToString());
        Assert.Equal([1.0, 2.0, 3.5], read.WindowValues!.Values.ToArray());
        Assert.IsType<STFT>(KerasJson.Deserialize("""{"class_name": "STFTInitializer", "config": {"side": "real"}}"""));
        Assert.IsType<STFT>(KerasJson.Deserialize("stft"));
    }
}
