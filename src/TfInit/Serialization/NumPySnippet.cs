using TfInit.Initializers;
using TfInit.PythonCode;
using TfInit.Random;
using TfInit.Shapes;

namespace TfInit.Serialization;

/// <summary>
/// Numpy lines as an initializer, e.g. the tutorial's
/// <c>n = (n_in + n_out) * 0.5; scale = np.sqrt(3/n); W = tf.Variable(np.random.uniform(low=-scale, high=scale, size=[n_in, n_out]))</c>.
/// Each fill runs the code with <c>n_in</c>, <c>n_out</c> (and <c>node_in</c>, <c>node_out</c>) bound from a 2-D shape and
/// <c>shape</c> bound to the shape tuple; the tensor is the value assigned to <c>W</c>, else the last expression.
/// np.random draws come from the fill's stream in Python's order, so on <see cref="NumPyRandomState"/>(s) the values
/// are bit-identical to numpy after <c>np.random.seed(s)</c>. The Python text is the config (no Keras class exists).
/// </summary>
public sealed class NumPySnippet : RandomInitializer, IRegisteredInitializer<NumPySnippet>
{
    private readonly IReadOnlyList<Statement> _statements;

    /// <summary>Parses and checks the code (syntax and the names of every function it calls).</summary>
    /// <param name="code">The numpy lines.</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    /// <exception cref="PythonCodeException">Code outside the grammar or an unknown function.</exception>
    public NumPySnippet(string code, long? seed = null)
        : base(seed)
    {
        ArgumentNullException.ThrowIfNull(code);
        _statements = Parser.Parse(code);
        new Interpreter(PythonInitializers.Table, new Dictionary<string, object?>(), null).Inspect(_statements, PythonInitializers.ShapeNames.ToHashSet());
        Code = code;
    }

    /// <summary>The Python code as given.</summary>
    public string Code { get; }

    /// <inheritdoc />
    public static string Formula =>
        "the array the numpy lines assign to W (or their last expression), with n_in, n_out, node_in, node_out and shape bound from the shape";

    /// <inheritdoc />
    public static int ListOrder => 270;

    /// <inheritdoc />
    public static IReadOnlyList<string> MoreAliases => ["numpy_snippet"];

    /// <inheritdoc />
    public static NumPySnippet FromConfig(ConfigReader config) =>
        new(config.RequiredString("code", example: "W = np.random.randn(n_in, n_out)"), config.Seed());

    /// <inheritdoc />
    public override string Module => "tfinit.initializers";

    /// <inheritdoc />
    protected internal override bool ValuesBoundedByParameters => false;

    /// <inheritdoc />
    protected override bool DrawsElementwise => false;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = SeedConfig();
        config["code"] = Code;
        return config;
    }

    /// <inheritdoc />
    protected override void Draw(Span<double> destination, ReadOnlySpan<int> shape, RandomStream stream)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["shape"] = new PySequence(shape.ToArray().Select(d => (object?)(long)d).ToArray(), true),
        };
        if (shape.Length == 2)
        {
            variables["n_in"] = variables["node_in"] = (long)shape[0];
            variables["n_out"] = variables["node_out"] = (long)shape[1];
        }

        string shapeText = Shape.Format(shape);
        var interpreter = new Interpreter(PythonInitializers.Table, variables, stream)
        {
            UnboundNameHint = name => Hint(name, shapeText, variables),
            MaxArrayElements = destination.Length,
        };
        object? value = interpreter.Run(_statements);
        var position = _statements[^1].Position;
        if (value is Initializer initializer)
        {
            initializer.Fill(destination, shape, stream);
            return;
        }

        if (value is not NdArray array)
        {
            throw PythonCodeException.At(position, $"the code gives {CallArguments.Describe(value)}, not an array of shape {shapeText}; assign the array to W");
        }

        if (!array.Shape.AsSpan().SequenceEqual(shape))
        {
            throw PythonCodeException.At(position,
                $"the code gives an array of shape {Shape.Format(array.Shape)} but the tensor's shape is {shapeText}; draw it with n_in, n_out or *shape");
        }

        int bad = Array.FindIndex(array.Data, v => !double.IsFinite(v));
        if (bad >= 0)
        {
            throw PythonCodeException.At(position, $"the code gives {array.Data[bad]} at index {bad}; every value must be finite");
        }

        array.Data.CopyTo(destination);
    }

    private static string Hint(string name, string shapeText, Dictionary<string, object?> variables) => name switch
    {
        "n_in" or "n_out" or "node_in" or "node_out" when !variables.ContainsKey("n_in") =>
            $"; {name} is bound only for a 2-D shape and the shape is {shapeText}: use shape (e.g. np.random.randn(*shape))",
        "n" => "; the tutorial's n is n_in or (n_in + n_out) * 0.5: assign it first, e.g. n = n_in",
        "stdev" or "scale" => $"; assign {name} first, e.g. {name} = np.sqrt(1/n_in)",
        _ => "; the code finds n_in, n_out, node_in, node_out and shape bound",
    };
}
