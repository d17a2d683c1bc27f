using System.Text.Json;
using TfInit.Initializers;
using TfInit.Serialization;
using TfInit.Tests.Support;

namespace TfInit.Tests.Initializers;

/// <summary>
/// Constant with an array value against numpy run live: Keras 3.16 computes <c>cast(value) * ones(shape)</c>, numpy's
/// broadcasting, so numpy decides which value shapes fill which tensor shapes and with what; the JSON forms against
/// Python's own <c>json.dumps</c> of numpy's <c>tolist()</c>, which is what Keras's serialize_keras_object writes.
/// TF 1.x's constant_initializer against the values TF 1.15 documents in its docstring.
/// </summary>
public sealed class ConstantArrayTests
{
    /// <summary>
    /// For each (value shape, tensor shape): numpy's <c>value * np.ones(shape)</c> when its result has the tensor's shape
    /// (then TfInit's fill equals it, also for FillSlice at every offset), and an ArgumentException naming the shape
    /// otherwise: when numpy cannot broadcast, and when numpy's result has another shape (Keras would return it).
    /// </summary>
    [Fact]
    public void BroadcastingFollowsNumPy()
    {
        int[][] valueShapes = [[1], [3], [4, 1], [1, 3], [4, 3], [2, 4, 3], [1, 1, 1], [2], [3, 1], [0], [1, 0]];
        int[][] tensorShapes = [[4, 3], [2, 4, 3], [3], [4, 1], [0, 3], [4, 0]];
        var cases = (from v in valueShapes from t in tensorShapes select new { value = v, tensor = t }).ToArray();
        const string script = """
            import json, sys
            import numpy as np
            out = []
            for case in json.loads(sys.argv[1]):
                v = np.arange(1, 1 + int(np.prod(case["value"])), dtype=np.float64).reshape(case["value"]) * 0.5
                try:
                    r = v * np.ones(case["tensor"])
                except ValueError:
                    out.append(None)
                    continue
                out.append(r.ravel().tolist() if list(r.shape) == case["tensor"] else "other shape")
            print(json.dumps(out))
            """;
        using var reference = JsonDocument.Parse(PythonRunner.Run(script, JsonSerializer.Serialize(cases)));
        var results = reference.RootElement.EnumerateArray().ToArray();
        int filled = 0;
        for (int c = 0; c < cases.Length; c++)
        {
            int[] v = cases[c].value;
            double[] values = Enumerable.Range(1, v.Aggregate(1, (a, d) => a * d)).Select(i => i * 0.5).ToArray();
            var constant = new Constant(values, v);
            string label = $"value {string.Join("x", v)} on {string.Join("x", cases[c].tensor)}";
            if (results[c].ValueKind != JsonValueKind.Array)
            {
                var e = Assert.Throws<ArgumentException>(() => constant.Generate(cases[c].tensor));
                Assert.Equal("shape", e.ParamName);
                continue;
            }

            double[] want = results[c].EnumerateArray().Select(x => x.GetDouble()).ToArray();
            Assert.True(want.SequenceEqual(constant.Generate(cases[c].tensor)), label);
            for (int offset = 0; offset < want.Length; offset++)
            {
                var part = new double[want.Length - offset];
                constant.FillSlice(part, cases[c].tensor, offset);
                Assert.True(want.AsSpan(offset).SequenceEqual(part), $"{label} slice at {offset}");
            }

            filled++;
        }

        // The grid must exercise both sides: the comparisons above would pass vacuously if every case were refused.
        Assert.True(filled >= 12, $"only {filled} fills compared");
    }

    /// <summary>
    /// The JSON forms: a numpy array as <c>__numpy__</c> with numpy's tolist() (float32 values as the doubles they are,
    /// ints as ints) and a Python list as a list, each byte-equal to Python's json.dumps of the same object, and read
    /// back to an equal config.
    /// </summary>
    [Theory]
    [InlineData("np.array([[0.1, -2.5], [3.0, 1e-7]], dtype=np.float64)")]
    [InlineData("np.array([0.1, 2.5, 1e20], dtype=np.float32)")]
    [InlineData("np.array([0.1, 2.5], dtype=np.float16)")]
    [InlineData("np.array([[1, 2, 3]])")]
    [InlineData("np.array([True, False])")]
    [InlineData("[1, 2.5, -0.0]")]
    [InlineData("[[1, 2], [3, 4]]")]
    public void JsonIsWhatKerasWrites(string python)
    {
        const string script = """
            import json, sys
            import numpy as np
            v = eval(sys.argv[1])
            if isinstance(v, np.ndarray):
                v = {"class_name": "__numpy__", "config": {"value": v.tolist(), "dtype": str(v.dtype)}}
            print(json.dumps({"module": "keras.initializers", "class_name": "Constant", "config": {"value": v}, "registered_name": None}, separators=(",", ":")))
            """;
        string keras = PythonRunner.Run(script, python).Trim();
        var fromPython = (Constant)KerasJson.Deserialize($"keras.initializers.Constant({python})");
        Assert.Equal(keras, fromPython.ToString());
        var fromJson = (Constant)KerasJson.Deserialize(keras);
        Assert.Equal(keras, fromJson.ToString());
        ConfigAssert.Equal(fromPython.GetConfig(), fromJson.GetConfig(), python);
    }

    /// <summary>A scalar Constant's JSON is unchanged, and a 0-d numpy value is the scalar (Keras writes np.float64(2) as 2.0).</summary>
    [Fact]
    public void ScalarJsonIsUnchanged()
    {
        Assert.Equal("""{"module":"keras.initializers","class_name":"Constant","config":{"value":0.25},"registered_name":null}""", new Constant(0.25).ToString());
        var zeroD = (Constant)KerasJson.Deserialize("""{"class_name": "Constant", "config": {"value": {"class_name": "__numpy__", "config": {"value": 2.0, "dtype": "float32"}}}}""");
        Assert.Null(zeroD.Array);
        Assert.Equal(2.0, zeroD.Value);
    }

    /// <summary>Malformed array values are one ArgumentException naming <c>value</c>: ragged, non-numeric, unknown dtype or class_name, a value the dtype cannot hold, and non-finite elements.</summary>
    [Theory]
    [InlineData("""[[1, 2], [3]]""")]
    [InlineData("""[1, "a"]""")]
    [InlineData("""{"class_name": "__numpy__", "config": {"value": [1, 2], "dtype": "complex64"}}""")]
    [InlineData("""{"class_name": "__numpy__", "config": {"value": [1, 2]}}""")]
    [InlineData("""{"class_name": "__slice__", "config": {}}""")]
    [InlineData("""{"class_name": "__numpy__", "config": {"value": [1.5, 2], "dtype": "int32"}}""")]
    [InlineData("""{"class_name": "__numpy__", "config": {"value": [300], "dtype": "int8"}}""")]
    [InlineData("""{"class_name": "__numpy__", "config": {"value": [1e39], "dtype": "float32"}}""")]
    public void MalformedArraysNameValue(string value)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => KerasJson.Deserialize($$$"""{"class_name": "Constant", "config": {"value": {{{value}}}}}"""));
        Assert.Equal("value", e.ParamName);
    }

    /// <summary>
    /// No Inf in a fill: an element beyond float32's range (fine in float64) is refused for float32 and float16, the
    /// message naming <c>value</c> and the element, as a scalar Constant(1e39) is.
    /// </summary>
    [Fact]
    public void ElementsBeyondTheDtypeRangeAreRefused()
    {
        var constant = new Constant([1.0, -1e39, 2.0], 3);
        Assert.Equal(-1e39, constant.Generate(2, 3)[1]);
        var e = Assert.Throws<ArgumentException>(() => constant.GenerateSingle(2, 3));
        Assert.Equal("value", e.ParamName);
        Assert.Contains("element 1", e.Message);
        Assert.ThrowsAny<ArgumentException>(() => new Constant([1.0, 7e4], 2).GenerateHalf(2));
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => new Constant([1.0, 1e39], 2).FillSlice(new float[1], [2], 1)).ParamName);
    }

    /// <summary>
    /// TF 1.15's constant_initializer docstring, with value = [0, 1, ..., 7]: shape [2, 4] is the values, [3, 4] is
    /// padded with the last one (7), [2, 3] is "Too many elements provided. Needed at most 6, but received 8", and
    /// verify_shape=True on [3, 4] is "Expected Tensor's shape: (3, 4), got (8,).".
    /// </summary>
    [Fact]
    public void Tf1ConstantInitializerFollowsTheTf115Docstring()
    {
        var init = KerasJson.Deserialize("tf.constant_initializer([0, 1, 2, 3, 4, 5, 6, 7])");
        Assert.IsType<ConstantInitializer>(init);
        Assert.Equal([0.0, 1, 2, 3, 4, 5, 6, 7], init.Generate(2, 4));
        Assert.Equal([0.0, 1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 7], init.Generate(3, 4));
        Assert.Contains("Too many elements provided. Needed at most 6, but received 8", Assert.Throws<ArgumentException>(() => init.Generate(2, 3)).Message);
        var verify = KerasJson.Deserialize("tf.constant_initializer([0, 1, 2, 3, 4, 5, 6, 7], verify_shape=True)");
        Assert.Contains("Expected Tensor's shape: (3, 4), got (8,)", Assert.Throws<ArgumentException>(() => verify.Generate(3, 4)).Message);
        Assert.Equal([0.0, 1, 2, 3, 4, 5, 6, 7], verify.Generate(8));

        // The value's own shape does not matter without verify_shape (np.array(value).ravel()), and a scalar stays Keras's Constant.
        Assert.Equal([1.0, 2, 3, 4, 4, 4], KerasJson.Deserialize("tf.constant_initializer(np.array([[1.0, 2.0], [3.0, 4.0]]))").Generate(6));
        Assert.IsType<Constant>(KerasJson.Deserialize("tf.constant_initializer(0.5)"));
        Assert.Empty(init.Generate(0, 3));
    }
}
