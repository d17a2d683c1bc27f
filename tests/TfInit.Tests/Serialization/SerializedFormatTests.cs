using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TfInit.Initializers;
using TfInit.Serialization;
using TfInit.Tests.Support;

namespace TfInit.Tests.Serialization;

/// <summary>
/// What KerasJson writes: Keras 3's four keys in Keras's order (module, class_name, config, registered_name
/// null), config keys in Keras's get_config order, and floats written as Python writes them (1.0 keeps its decimal
/// point, 1e-05 its exponent), so Keras reads the config back with the same types.
/// </summary>
public sealed partial class SerializedFormatTests
{
    [Fact]
    public void Keras3FormHasModuleClassNameConfigAndNullRegisteredName()
    {
        string json = KerasJson.Serialize(new GlorotUniform());
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(["module", "class_name", "config", "registered_name"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("keras.initializers", root.GetProperty("module").GetString());
        Assert.Equal("GlorotUniform", root.GetProperty("class_name").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("registered_name").ValueKind);
        Assert.Equal(["seed", "input_axes", "output_axes"], root.GetProperty("config").EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("config").GetProperty("seed").ValueKind);

        // Keras 3.16's own text for this initializer (get_config adds input_axes and output_axes since 3.15), up to whitespace.
        Assert.Equal(
            Compact("""{"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}"""),
            Compact(json));
    }

    [Fact]
    public void Keras2FormHasOnlyClassNameAndConfig()
    {
        using var document = JsonDocument.Parse(KerasJson.Serialize(new HeNormal(3), keras2: true));
        Assert.Equal(["class_name", "config"], document.RootElement.EnumerateObject().Select(p => p.Name));
        // Keras 2 passes every config key to the constructor, which has no input_axes: null axes are left out.
        Assert.Equal(Compact("""{"class_name": "HeNormal", "config": {"seed": 3}}"""), Compact(KerasJson.Serialize(new HeNormal(3), keras2: true)));
    }

    public static TheoryData<string, string> KerasTexts() => new()
    {
        // json.dumps(keras.initializers.serialize(...)) for Keras 3.16's classes.
        { "VarianceScaling(2.0, fan_in, uniform, 5)", """{"module": "keras.initializers", "class_name": "VarianceScaling", "config": {"seed": 5, "scale": 2.0, "mode": "fan_in", "distribution": "uniform", "input_axes": null, "output_axes": null}, "registered_name": null}""" },
        { "RandomNormal()", """{"module": "keras.initializers", "class_name": "RandomNormal", "config": {"seed": null, "mean": 0.0, "stddev": 0.05}, "registered_name": null}""" },
        { "RandomUniform(-1, 1, 2)", """{"module": "keras.initializers", "class_name": "RandomUniform", "config": {"seed": 2, "minval": -1.0, "maxval": 1.0}, "registered_name": null}""" },
        { "TruncatedNormal()", """{"module": "keras.initializers", "class_name": "TruncatedNormal", "config": {"seed": null, "mean": 0.0, "stddev": 0.05}, "registered_name": null}""" },
        { "Constant(1)", """{"module": "keras.initializers", "class_name": "Constant", "config": {"value": 1.0}, "registered_name": null}""" },
        { "Zeros()", """{"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}""" },
        { "HeNormal(7)", """{"module": "keras.initializers", "class_name": "HeNormal", "config": {"seed": 7, "input_axes": null, "output_axes": null}, "registered_name": null}""" },
        { "Orthogonal(2, 1)", """{"module": "keras.initializers", "class_name": "Orthogonal", "config": {"seed": 1, "gain": 2.0}, "registered_name": null}""" },
        { "VarianceScaling(distribution: normal)", """{"module": "keras.initializers", "class_name": "VarianceScaling", "config": {"seed": null, "scale": 1.0, "mode": "fan_in", "distribution": "truncated_normal", "input_axes": null, "output_axes": null}, "registered_name": null}""" },
    };

    [Theory]
    [MemberData(nameof(KerasTexts))]
    public void KerasClassesSerializeAsKerasDoes(string label, string kerasText)
    {
        Initializer initializer = label switch
        {
            "VarianceScaling(2.0, fan_in, uniform, 5)" => new VarianceScaling(2.0, "fan_in", "uniform", 5),
            "RandomNormal()" => new RandomNormal(),
            "RandomUniform(-1, 1, 2)" => new RandomUniform(-1, 1, 2),
            "TruncatedNormal()" => new TruncatedNormal(),
            "Constant(1)" => new Constant(1),
            "Zeros()" => new Zeros(),
            "HeNormal(7)" => new HeNormal(7),
            "Orthogonal(2, 1)" => new Orthogonal(2, 1),
            "VarianceScaling(distribution: normal)" => new VarianceScaling(distribution: "normal"),
            _ => throw new ArgumentOutOfRangeException(nameof(label)),
        };
        Assert.Equal(Compact(kerasText), Compact(KerasJson.Serialize(initializer)));
    }

    [Fact]
    public void ExtrasUseTheTfInitModule()
    {
        foreach (Initializer extra in new Initializer[] { new XavierUniform(), new KaimingNormal(), new TruncNormal(), new Sparse(0.1), new Dirac(), new Eye(), new DeltaOrthogonal() })
        {
            using var document = JsonDocument.Parse(KerasJson.Serialize(extra));
            Assert.Equal("tfinit.initializers", document.RootElement.GetProperty("module").GetString());
        }
    }

    [Fact]
    public void WholeNumberFloatsKeepTheirDecimalPoint()
    {
        string json = KerasJson.Serialize(new VarianceScaling(2, "fan_avg", "uniform", 1));
        Assert.Contains("\"scale\":2.0", Compact(json), StringComparison.Ordinal);
        Assert.Contains("\"value\":-3.0", Compact(KerasJson.Serialize(new Constant(-3))), StringComparison.Ordinal);
        Assert.Contains("\"seed\":1,", Compact(json), StringComparison.Ordinal);   // integers stay integers
        Assert.Contains("\"groups\":2", Compact(KerasJson.Serialize(new Dirac(2))), StringComparison.Ordinal);
    }

    [Fact]
    public void FloatsAreWrittenAsPythonReprWritesThem()
    {
        // json.dumps writes a float with repr(): shortest round-trip digits, positional for 1e-4 <= |x| < 1e16,
        // otherwise scientific with a two-digit exponent ('1e-05', '1e+16').
        double[] values =
        [
            1.0, 2.0, -3.0, 0.05, 0.1 + 0.2, 1e-05, 0.0001, 0.00012345, 1e-07, 123456.789, 1e15, 1e16, 1.5e16,
            12345678901234567.0, 1e22, 5e-324, double.MaxValue, -0.0, 0.87962566103423978, 100.0, 9999999999999998.0,
        ];
        string script = """
            import json, sys
            print(json.dumps([repr(float(v)) for v in json.loads(sys.argv[1])]))
            """;
        string[] python = JsonSerializer.Deserialize<string[]>(
            PythonRunner.Run(script, JsonSerializer.Serialize(values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))))!;

        for (int i = 0; i < values.Length; i++)
        {
            string json = Compact(KerasJson.Serialize(new Constant(values[i])));
            string written = ValueToken().Match(json).Groups[1].Value;
            Assert.True(python[i] == written, $"{values[i]:R}: Python writes {python[i]}, TfInit wrote {written}");
            Assert.Equal(BitConverter.DoubleToInt64Bits(values[i]), BitConverter.DoubleToInt64Bits(((Constant)KerasJson.Deserialize(json)).Value));
        }
    }

    private static string Compact(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement)
        .Replace(" ", "", StringComparison.Ordinal);

    [GeneratedRegex("\"value\":([^,}]+)")]
    private static partial Regex ValueToken();
}
