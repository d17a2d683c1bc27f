using TfInit.Initializers;
using TfInit.PythonCode;

namespace TfInit.Serialization;

/// <summary>
/// Initializers written as Python: Keras 3 / tf.keras calls, TF 1.x initializers (TF 1.15 semantics), PyTorch's
/// <c>torch.nn.init.*_(w, ...)</c>, JAX's <c>jax.nn.initializers</c>, and numpy lines such as the tutorial's
/// <c>W = tf.Variable(np.random.randn(n_in, n_out) * np.sqrt(2/n_in))</c>. The code is parsed by a small parser and
/// run by an interpreter that knows only these functions and arithmetic: nothing else is evaluated.
/// </summary>
public static class PythonInitializers
{
    private static readonly List<PythonForm> FormList = [];

    /// <summary>The names a numpy snippet finds bound: n_in, n_out, node_in, node_out (2-D shapes) and shape.</summary>
    public static IReadOnlyList<string> ShapeNames { get; } = ["n_in", "n_out", "node_in", "node_out", "shape"];

    /// <summary>Every accepted call form, for <c>tfinit list</c>.</summary>
    public static IReadOnlyList<PythonForm> Forms => FormList;

    internal static FunctionTable Table { get; } = Build();

    /// <summary>
    /// Reads an initializer from Python code. An initializer call (<c>tf.truncated_normal_initializer(stddev=0.1)</c>)
    /// becomes the TfInit class with the same math; code that draws with np.random or reads n_in / n_out / shape becomes
    /// a <see cref="NumPySnippet"/> that runs the code for each fill.
    /// </summary>
    /// <param name="code">The Python code: statements separated by newlines or ';'.</param>
    /// <returns>A new initializer.</returns>
    /// <exception cref="PythonCodeException">Code outside the grammar, an unknown function or keyword, or a bad value; the message names the position and what is allowed.</exception>
    public static Initializer Parse(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var statements = Parser.Parse(code);
        if (new Interpreter(Table, new Dictionary<string, object?>(), null).Inspect(statements, ShapeNames.ToHashSet()))
        {
            return new NumPySnippet(code);
        }

        object? value = new Interpreter(Table, new Dictionary<string, object?>(), null).Run(statements);
        return value as Initializer ?? throw PythonCodeException.At(statements[^1].Position,
            $"the code gives {CallArguments.Describe(value)}, not an initializer; allowed: an initializer call (e.g. tf.truncated_normal_initializer(stddev=0.1)), numpy lines that assign W, Keras JSON, or a name. Valid names: {string.Join(", ", InitializerRegistry.Names)}");
    }

    /// <summary>Whether <paramref name="text"/> is Python code rather than a bare name such as <c>he_normal</c> (or nothing).</summary>
    /// <param name="text">Trimmed text that is not JSON.</param>
    /// <returns>False for an empty text or a single identifier, which the registry reads with its list of valid names.</returns>
    public static bool IsCode(string text) =>
        text.Length > 0 && !((char.IsAsciiLetter(text[0]) || text[0] == '_') && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'));

    private static FunctionTable Build()
    {
        var table = new FunctionTable();
        NumPyFunctions.Register(table);
        PythonArrays.Register(table);
        FormList.Add(new PythonForm("numpy lines: W = tf.Variable(np.random.randn(n_in, n_out) * np.sqrt(2/n_in)); also np.random.rand/uniform/normal/standard_normal/random_sample, np.sqrt, math.sqrt, + - * / **",
            "NumPySnippet(code): runs the lines with n_in, n_out, node_in, node_out and shape bound; the tensor is W, else the last expression", "numpy"));
        FormList.Add(new PythonForm("tf.get_variable(name, shape=[n_in, n_out], initializer=...)", "NumPySnippet(code): the initializer fills the shape", "numpy"));
        KerasForms.Register(table, FormList);
        Tf1Forms.Register(table, FormList);
        TorchForms.Register(table, FormList);
        JaxForms.Register(table, FormList);
        return table;
    }
}
