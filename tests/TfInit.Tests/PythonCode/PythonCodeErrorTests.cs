using TfInit.PythonCode;
using TfInit.Random;
using TfInit.Serialization;
using TfInit.Tests.Support;

namespace TfInit.Tests.PythonCode;

/// <summary>
/// Bad Python is one line naming the position and what is allowed: outside the grammar, unknown functions and
/// keywords, bad values, and lines numpy itself rejects. Nothing outside the accepted functions is evaluated.
/// </summary>
public sealed class PythonCodeErrorTests
{
    [Theory]
    [InlineData("tf.foo_initializer()", 1, 1, "unknown function 'tf.foo_initializer'; allowed in tf: Variable, get_variable, zeros_initializer")]
    [InlineData("tf.random_normal_initializer(stdev=1)", 1, 30, "got an unexpected keyword argument 'stdev'; allowed: mean, stddev, seed, dtype")]
    [InlineData("tf.random_normal_initializer(0, 1, 2, tf.float32, 5)", 1, 51, "takes 4 positional arguments at most")]
    [InlineData("keras.initializers.VarianceScaling(scale=-2.0)", 1, 36, "scale must be a finite number > 0")]
    [InlineData("keras.initializers.VarianceScaling(mode='fan_middle')", 1, 36, "Unknown mode 'fan_middle'")]
    [InlineData("torch.nn.init.dirac_(w, groups=2147483648)", 1, 25, "'groups' is 2147483648; allowed: an integer of at most 2147483647")] // found by PythonCodeFuzzTests (seed eNCOoJrjnLJ1): was an OverflowException
    [InlineData("tf.truncated_normal_initializer(stddev='big')", 1, 33, "'stddev' is 'big'; allowed: a number")]
    [InlineData("tf.zeros_initializer(dtype=tf.int32)", 1, 28, "unknown name 'tf.int32'; allowed in tf: ")]
    [InlineData("tf.constant_initializer([[1, 2], [3]])", 1, 25, "numpy raises ValueError: setting an array element with a sequence")]
    [InlineData("jax.nn.initializers.variance_scaling(1.0, 'fan_in', 'untruncated_normal')", 1, 53, "'truncated_normal', 'normal' (untruncated in JAX), 'uniform'")]
    [InlineData("torch.nn.init.kaiming_normal_(w, nonlinearity='swish')", 1, 34, "Unsupported nonlinearity 'swish'")]
    [InlineData("torch.nn.init.kaiming_normal_(w[0])", 1, 31, "the tensor to fill must be a name")]
    [InlineData("torch.nn.init.xavier_uniform_()", 1, 1, "missing required argument 'tensor'")]
    [InlineData("import os", 1, 1, "import of 'os' is not allowed")]
    [InlineData("__import__('os').system('ls')", 1, 1, "name '__import__' is not defined")]
    [InlineData("open('/etc/passwd')", 1, 1, "name 'open' is not defined")]
    [InlineData("x = 1 if True else 2", 1, 7, "expected the end of the statement")]
    [InlineData("lambda: 0", 1, 1, "'lambda' statements are outside the accepted grammar")]
    [InlineData("x = [i for i in range(3)]", 1, 8, "expected ',' or ']'")]
    [InlineData("tf.truncated_normal_initializer(stddev=0.1", 1, 43, "a bracket is not closed")]
    [InlineData("W = 5 // 2", 1, 7, "'//' is not allowed here")]
    [InlineData("keras.initializers.HeNormal(seed=1).get_config()", 1, 1, "'HeNormal' object has no attribute 'get_config'")]
    [InlineData("x = 3", 1, 1, "neither assigns W nor ends with an expression")]
    [InlineData("2 + 3", 1, 1, "the code gives 5, not an initializer")]
    [InlineData("f'{x}'", 1, 1, "string prefix 'f' is not allowed")]
    [InlineData("tf.truncated_normal_initializer(stddev=1/0)", 1, 41, "division by zero (ZeroDivisionError)")]
    [InlineData("", 1, 1, "the code is empty")]
    [InlineData("np.random.seed(3); W = np.random.randn(n_in, n_out)", 1, 1, "the seed comes from --seed")]
    public void BadCodeIsOneLineWithPositionAndWhatIsAllowed(string code, int line, int column, string part)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => KerasJson.Deserialize(code.Length == 0 ? " ;" : code));
        var python = Assert.IsType<PythonCodeException>(e);
        Assert.Contains(part, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Python code, line {line}, column {column}: ", e.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (python.Line, python.Column));
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    // Rejections numpy itself makes, checked against the message real numpy gives for the same call.
    [InlineData("W = np.random.randn(64.0, 32)", "'float' object cannot be interpreted as an integer")]
    [InlineData("W = np.random.rand([n_in, n_out])", "'list' object cannot be interpreted as an integer")]
    [InlineData("W = np.random.randn(n_in, -1)", "negative dimensions are not allowed")]
    [InlineData("W = np.random.normal(0.0, -1.0, size=(n_in, n_out))", "scale < 0")]
    [InlineData("W = np.random.randn(n_in, n_out, seed=1)", "got an unexpected keyword argument 'seed'")]
    public void LinesNumPyRejectsAreRejectedWithNumPysReason(string code, string reason)
    {
        string numpy = PythonRunner.Run($$"""
            import numpy as np
            n_in, n_out = 64, 32
            try:
                {{code}}
                print("accepted")
            except Exception as e:
                print(type(e).__name__, e)
            """);
        Assert.Contains(reason, numpy, StringComparison.Ordinal);
        var e = Assert.Throws<PythonCodeException>(() => KerasJson.Deserialize(code).Generate(new NumPyRandomState(1), 64, 32));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("W = np.random.randn(n_out, n_in)", "gives an array of shape (32, 64) but the tensor's shape is (64, 32)")]
    [InlineData("W = np.random.randn(n, n_out)", "name 'n' is not defined (NameError); the tutorial's n is n_in or (n_in + n_out) * 0.5")]
    [InlineData("W = np.sqrt(-1.0) * np.random.randn(n_in, n_out)", "the square root of a negative number is nan in numpy")]
    [InlineData("W = np.random.randn(n_in, n_out) / 0.0", "every value must be finite")]
    [InlineData("W = np.random.uniform(size=3)", "gives an array of shape (3,)")]
    [InlineData("W = np.random.randn()", ", not an array of shape (64, 32)")]
    [InlineData("W = np.random.randn(60000, 30000)", "an array of shape (60000, 30000) has more elements than the tensor being filled (2048)")]
    public void SnippetErrorsAtFillTimeNameThePosition(string code, string part)
    {
        var e = Assert.Throws<PythonCodeException>(() => KerasJson.Deserialize(code).Generate(new NumPyRandomState(1), 64, 32));
        Assert.Contains(part, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("Python code, line 1, column ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoDimensionalNamesOnAConvShapeSayToUseShape()
    {
        var e = Assert.Throws<PythonCodeException>(() => new NumPySnippet("W = np.random.randn(n_in, n_out)").Generate(3, 3, 16, 32));
        Assert.Contains("n_in is bound only for a 2-D shape and the shape is (3, 3, 16, 32): use shape", e.Message, StringComparison.Ordinal);
        Assert.Equal(3 * 3 * 16 * 32, new NumPySnippet("W = np.random.randn(*shape)").Generate(3, 3, 16, 32).Length);
    }

    [Fact]
    public void DeepNestingIsRefusedNotAStackOverflow()
    {
        string code = "W = " + new string('(', 5000) + "1" + new string(')', 5000);
        var e = Assert.Throws<PythonCodeException>(() => KerasJson.Deserialize(code));
        Assert.Contains("nested deeper than", e.Message, StringComparison.Ordinal);
        string minus = "W = " + string.Concat(Enumerable.Repeat("-", 5000)) + "1";
        Assert.Contains("nested deeper than", Assert.Throws<PythonCodeException>(() => KerasJson.Deserialize(minus)).Message, StringComparison.Ordinal);
    }
}
