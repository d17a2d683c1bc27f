using System.Text.Json;

namespace TfInit.Cli.Tests.Commands;

/// <summary>
/// Issue 14's array values and STFT through <c>tfinit init</c>: Keras's <c>__numpy__</c> JSON in and back out
/// (<c>--format json</c>), the Python forms, and bad values as one-line errors (the values themselves are checked
/// against numpy and scipy in TfInit.Tests).
/// </summary>
public sealed class ConstantArrayCommandTests
{
    private const string NumPyConstant =
        """{"module":"keras.initializers","class_name":"Constant","config":{"value":{"class_name":"__numpy__","config":{"value":[[0.5,-1.5,2.0]],"dtype":"float32"}}},"registered_name":null}""";

    /// <summary>
    /// The JSON Keras writes for Constant(np.array([[0.5, -1.5, 2.0]], dtype="float32")) fills [2, 3] with the row twice,
    /// and <c>--format json</c> writes the initializer back byte for byte; that output, fed back, gives the same again.
    /// </summary>
    [Fact]
    public void NumPyValueRoundTripsThroughFormatJson()
    {
        using var first = JsonDocument.Parse(CliRunner.Ok("init", NumPyConstant, "--shape", "2,3", "--format", "json", "--dtype", "float64"));
        string initializer = first.RootElement.GetProperty("initializer").GetRawText();
        Assert.Equal(NumPyConstant, initializer);
        Assert.Equal([0.5, -1.5, 2.0, 0.5, -1.5, 2.0], first.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));

        using var second = JsonDocument.Parse(CliRunner.Ok("init", initializer, "--shape", "2,3", "--format", "json", "--dtype", "float64"));
        Assert.Equal(first.RootElement.GetRawText(), second.RootElement.GetRawText());
    }

    /// <summary>The Python forms: Keras's Constant of a numpy array and of a list, TF 1.x's constant_initializer of a list (padded with its last element), and Keras's STFT with positional arguments in its constructor's order.</summary>
    [Theory]
    [InlineData("keras.initializers.Constant(np.array([1.0, 2.0]))", "2,2", new[] { 1.0, 2, 1, 2 })]
    [InlineData("keras.initializers.Constant([[1], [2]])", "2,2", new[] { 1.0, 1, 2, 2 })]
    [InlineData("tf.constant_initializer([1, 2, 3])", "2,3", new[] { 1.0, 2, 3, 3, 3, 3 })]
    [InlineData("keras.initializers.STFT('real', None, None, True)", "2,1,2", new[] { 1.0, 1, 1, -1 })]
    public void PythonFormsFill(string code, string shape, double[] expected)
    {
        using var output = JsonDocument.Parse(CliRunner.Ok("init", code, "--shape", shape, "--format", "json", "--dtype", "float64"));
        double[] values = output.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(expected[i], values[i], 12);
        }
    }

    /// <summary>STFT is listed with its defaults and aliases, and fills a [frame, 1, bins] kernel (values bounded by 1 with the density scaling).</summary>
    [Fact]
    public void StftIsListedAndFills()
    {
        string list = CliRunner.Ok("list");
        Assert.Contains("STFT(side=\"real\", window=\"hann\", periodic=False, scaling=\"density\")", list, StringComparison.Ordinal);
        Assert.Contains("stft, STFTInitializer", list, StringComparison.Ordinal);
        using var stats = JsonDocument.Parse(CliRunner.Ok("init", "stft", "--shape", "64,1,33", "--format", "stats"));
        Assert.InRange(stats.RootElement.GetProperty("max").GetDouble(), 0.01, 1.0);
    }

    /// <summary>
    /// Bad values are one line and exit 2: a value that does not broadcast to the shape, an element beyond float32's
    /// range (named as <c>value</c>; float64 takes it), a ragged list, too many elements for TF 1.x, and STFT's
    /// kernel shape and window.
    /// </summary>
    [Theory]
    [InlineData("""{"class_name": "Constant", "config": {"value": [1, 2]}}""", "3,3", "float32", "broadcast")]
    [InlineData("""{"class_name": "Constant", "config": {"value": [1, -1e39]}}""", "2", "float32", "value=-1E+39")]
    [InlineData("""{"class_name": "Constant", "config": {"value": [[1, 2], [3]]}}""", "2,2", "float64", "ragged")]
    [InlineData("tf.constant_initializer([1, 2, 3, 4, 5])", "2,2", "float64", "Too many elements provided")]
    [InlineData("stft", "8,2,5", "float32", "axis 1")]
    [InlineData("""{"class_name": "STFT", "config": {"window": [1, 2, 3]}}""", "8,1,5", "float32", "window")]
    [InlineData("""{"class_name": "STFT", "config": {"window": "kaiser"}}""", "8,1,5", "float32", "needs one or more parameters")]
    public void BadValuesAreOneLineErrors(string initializer, string shape, string dtype, string expected)
    {
        var (code, output, error) = CliRunner.Run("init", initializer, "--shape", shape, "--dtype", dtype, "--format", "json");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("tfinit: error: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    /// <summary>The element that float32 refuses is fine in float64.</summary>
    [Fact]
    public void Float64TakesElementsBeyondFloat32()
    {
        using var output = JsonDocument.Parse(CliRunner.Ok("init", """{"class_name": "Constant", "config": {"value": [1, -1e39]}}""", "--shape", "2", "--dtype", "float64", "--format", "json"));
        Assert.Equal(-1e39, output.RootElement.GetProperty("values")[1].GetDouble());
    }
}
