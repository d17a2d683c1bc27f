using System.Security.Cryptography;
using System.Text.Json;
using TfInit.PythonCode;
using TfInit.Random;
using TfInit.Serialization;
using TfInit.Tests.Support;

namespace TfInit.Tests.PythonCode;

/// <summary>
/// The tutorial's numpy lines, pasted verbatim, against real numpy (/usr/bin/python3, python3-numpy): the same
/// text runs in Python after <c>np.random.seed(s)</c> (with <c>tf.Variable</c> as the identity) and in TfInit on
/// <see cref="NumPyRandomState"/>(s). Six recipes, seeds 7 and 2**32 - 1, shapes [64, 32] and [784, 256]: every
/// value of [64, 32] is compared, and the SHA-256 of the float64 bytes of [784, 256] (200,704 values); float32 is
/// numpy's astype(np.float32).
/// </summary>
public sealed class PythonNumPyLinesParityTests
{
    /// <summary>The tutorial's recipes, as its lines read (n written out as the tutorial defines it).</summary>
    public static readonly Dictionary<string, string> Recipes = new()
    {
        ["xavier_normal"] = "n = (n_in + n_out) * 0.5\nstdev = np.sqrt(1/n)\nW = tf.Variable(np.random.randn(n_in, n_out) * stdev)",
        ["xavier_uniform"] = "n = (n_in + n_out) * 0.5\nscale = np.sqrt(3/n)\nW = tf.Variable(np.random.uniform(low=-scale, high=scale, size=[n_in, n_out]))",
        ["he_normal"] = "n = n_in\nstdev = np.sqrt(2/n)\nW = tf.Variable(np.random.randn(n_in, n_out) * stdev)",
        ["he_uniform"] = "n = n_in\nscale = np.sqrt(6/n)\nW = tf.Variable(np.random.uniform(low=-scale, high=scale, size=[n_in, n_out]))",
        ["bn_small_gaussian"] = "W = tf.Variable(np.random.randn(node_in, node_out) * 0.01)",
        ["bn_small_gaussian_shape"] = "W = tf.Variable(np.random.randn(*shape) * 0.01)",
    };

    private const string Script = """
        import hashlib, json, sys
        import numpy as np
        class tf:
            Variable = staticmethod(lambda x, **kwargs: x)
        out = {}
        for name, code in json.loads(sys.argv[1]).items():
            for seed in (7, 2**32 - 1):
                for shape in ((64, 32), (784, 256)):
                    np.random.seed(seed)
                    env = {"np": np, "tf": tf, "n_in": shape[0], "n_out": shape[1], "node_in": shape[0], "node_out": shape[1], "shape": shape}
                    exec(code, env)
                    w = np.asarray(env["W"], dtype=np.float64)
                    key = f"{name}/{seed}/{shape[0]}x{shape[1]}"
                    out[key] = {
                        "shape": list(w.shape),
                        "sha256": hashlib.sha256(w.astype("<f8").tobytes()).hexdigest(),
                        "sha256_f32": hashlib.sha256(w.astype(np.float32).astype("<f4").tobytes()).hexdigest(),
                        "values": w.ravel().tolist() if w.size <= 4096 else None,
                    }
        print(json.dumps(out))
        """;

    private static readonly Lazy<JsonElement> Reference = new(() =>
        JsonDocument.Parse(PythonRunner.Run(Script, JsonSerializer.Serialize(Recipes))).RootElement.Clone());

    public static TheoryData<string, long, int, int> Cases()
    {
        var data = new TheoryData<string, long, int, int>();
        foreach (string name in Recipes.Keys)
        {
            foreach (long seed in new[] { 7L, uint.MaxValue })
            {
                data.Add(name, seed, 64, 32);
                data.Add(name, seed, 784, 256);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RecipeIsBitIdenticalToNumPy(string name, long seed, int rows, int cols)
    {
        var reference = Reference.Value.GetProperty($"{name}/{seed}/{rows}x{cols}");
        Assert.Equal([rows, cols], reference.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        var initializer = KerasJson.Deserialize(Recipes[name]);
        Assert.IsType<NumPySnippet>(initializer);

        double[] values = initializer.Generate(new NumPyRandomState(seed), rows, cols);
        if (reference.GetProperty("values").ValueKind == JsonValueKind.Array)
        {
            Bits.Equal(reference.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray(), values, $"{name} seed {seed}");
        }

        Assert.Equal(reference.GetProperty("sha256").GetString(), Sha256(values.SelectMany(BitConverter.GetBytes)));
        float[] singles = initializer.GenerateSingle(new NumPyRandomState(seed), rows, cols);
        Assert.Equal(reference.GetProperty("sha256_f32").GetString(), Sha256(singles.SelectMany(BitConverter.GetBytes)));
    }

    [Fact]
    public void TheTutorialsWholeBlockRunsInNumPysOrder()
    {
        // The tutorial's Xavier, He and BN lines pasted as one block (n defined first, as its conventions say):
        // W is the last assignment, after the draws of every earlier line; the tensor must equal numpy's.
        const string block = """
            n = n_in
            stdev = np.sqrt(1/n)
            W = tf.Variable(np.random.randn(n_in, n_out) * stdev)
            scale = np.sqrt(3/n)
            W = tf.Variable(np.random.uniform(low=-scale, high=scale, size=[n_in, n_out]))
            stdev = np.sqrt(2/n)
            W = tf.Variable(np.random.randn(n_in, n_out) * stdev)
            scale = np.sqrt(6/n)
            W = tf.Variable(np.random.uniform(low=-scale, high=scale, size=[n_in, n_out]))
            W = tf.Variable(np.random.randn(node_in, node_out) * 0.01)
            """;
        string script = """
            import json, sys
            import numpy as np
            class tf:
                Variable = staticmethod(lambda x, **kwargs: x)
            np.random.seed(7)
            env = {"np": np, "tf": tf, "n_in": 64, "n_out": 32, "node_in": 64, "node_out": 32}
            exec(sys.argv[1], env)
            print(json.dumps(env["W"].ravel().tolist()))
            """;
        double[] expected = JsonSerializer.Deserialize<double[]>(PythonRunner.Run(script, block))!;
        Bits.Equal(expected, KerasJson.Deserialize(block).Generate(new NumPyRandomState(7), 64, 32), "tutorial block");
    }

    [Fact]
    public void TheTutorialsRandnOfShapeIsNumPysTypeErrorWithTheFix()
    {
        // Real numpy: np.random.randn((64, 32)) raises TypeError ('tuple' object cannot be interpreted as an integer).
        string numpy = PythonRunner.Run("""
            import numpy as np
            try:
                np.random.randn((64, 32))
                print("no error")
            except TypeError as e:
                print("TypeError:", e)
            """);
        Assert.StartsWith("TypeError: 'tuple' object cannot be interpreted as an integer", numpy, StringComparison.Ordinal);

        var snippet = KerasJson.Deserialize("W = tf.Variable(np.random.randn(shape) * 0.01)");
        var e = Assert.Throws<PythonCodeException>(() => snippet.Generate(new NumPyRandomState(7), 64, 32));
        Assert.Contains("TypeError: 'tuple' object cannot be interpreted as an integer", e.Message, StringComparison.Ordinal);
        Assert.Contains("np.random.randn(*shape)", e.Message, StringComparison.Ordinal);
        Assert.Equal((1, 33), (e.Line, e.Column));
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void ArithmeticFollowsPythonAndNumPyToTheLastBit()
    {
        // Division, powers, unary minus, sqrt of ints and floats, mixed int/float, scalars against arrays, normal with
        // a loc, rand and standard_normal: one numpy run, compared bit for bit.
        const string code = """
            a = 2 ** -3 + 7 / 3 - -1.5 * 4
            b = math.sqrt(2) / np.sqrt(n_in) + (n_out / 3) ** 0.5 + 10 ** 2 / 7.0
            W = np.random.normal(loc=a, scale=b, size=(n_in, n_out)) * 3 - np.random.rand(n_in, n_out) ** 2 / (1 + np.random.standard_normal(size=shape) ** 2)
            """;
        string script = """
            import json, math, sys
            import numpy as np
            np.random.seed(2**32 - 1)
            env = {"np": np, "math": math, "n_in": 33, "n_out": 17, "shape": (33, 17)}
            exec(sys.argv[1], env)
            print(json.dumps(env["W"].ravel().tolist()))
            """;
        double[] expected = JsonSerializer.Deserialize<double[]>(PythonRunner.Run(script, code))!;
        Bits.Equal(expected, new NumPySnippet(code).Generate(new NumPyRandomState(uint.MaxValue), 33, 17), "arithmetic");
    }

    [Fact]
    public void OnTheDefaultStreamTheSeedDecidesTheValues()
    {
        var a = new NumPySnippet(Recipes["he_normal"], 5);
        Assert.Equal(a.Generate(64, 32), new NumPySnippet(Recipes["he_normal"], 5).Generate(64, 32));
        Assert.NotEqual(a.Generate(64, 32), new NumPySnippet(Recipes["he_normal"], 6).Generate(64, 32));
        double[] values = a.Generate(784, 256);
        SampleAssert.MatchesLaw(values, new NormalLaw(0, Math.Sqrt(2.0 / 784)), "he_normal snippet on Philox");
    }

    private static string Sha256(IEnumerable<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes.ToArray())).ToLowerInvariant();
}
