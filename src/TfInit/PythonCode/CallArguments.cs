using TfInit.Shapes;

namespace TfInit.PythonCode;

/// <summary>
/// The arguments of one call, bound to a parameter list as Python binds them (positional in order, then keywords),
/// with typed readers whose errors name the call, the parameter, the value and what is allowed.
/// </summary>
internal sealed class CallArguments
{
    private readonly Dictionary<string, (object? Value, SourcePosition Position)> _values = new(StringComparer.Ordinal);

    private CallArguments(string function, CallNode call, IReadOnlyList<string> parameters)
    {
        Function = function;
        Call = call;
        Parameters = parameters;
    }

    /// <summary>The function's name as written in messages (e.g. <c>tf.truncated_normal_initializer</c>).</summary>
    public string Function { get; }

    /// <summary>The call being bound.</summary>
    public CallNode Call { get; }

    /// <summary>The parameter names, in order.</summary>
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>
    /// Binds <paramref name="call"/>'s arguments to <paramref name="parameters"/>. A parameter named <c>tensor</c> is
    /// not evaluated: it is PyTorch's destination tensor, which only has to be a name.
    /// </summary>
    /// <exception cref="PythonCodeException">Too many positional arguments, an unknown or repeated keyword.</exception>
    public static CallArguments Bind(Interpreter interpreter, string function, CallNode call, IReadOnlyList<string> parameters)
    {
        var bound = new CallArguments(function, call, parameters);
        string takes = parameters.Count == 0 ? "it takes no arguments" : $"allowed: {string.Join(", ", parameters)}";
        int next = 0;
        foreach (var argument in call.Arguments)
        {
            if (argument.Keyword is { } keyword)
            {
                if (!parameters.Contains(keyword))
                {
                    throw PythonCodeException.At(argument.Position, $"{function}() got an unexpected keyword argument '{keyword}'; {takes}");
                }

                if (bound._values.ContainsKey(keyword))
                {
                    throw PythonCodeException.At(argument.Position, $"{function}() got multiple values for argument '{keyword}'");
                }

                bound._values[keyword] = (bound.Evaluate(interpreter, keyword, argument.Value), argument.Position);
                continue;
            }

            var values = argument.Starred
                ? Unpack(interpreter.Evaluate(argument.Value), argument)
                : [bound.EvaluateNext(interpreter, parameters, next, argument)];
            foreach (object? value in values)
            {
                if (next >= parameters.Count)
                {
                    throw PythonCodeException.At(argument.Position,
                        $"{function}() takes {parameters.Count} positional argument{(parameters.Count == 1 ? "" : "s")} at most; {takes}");
                }

                bound._values[parameters[next++]] = (value, argument.Position);
            }
        }

        return bound;
    }

    /// <summary>Whether the argument was given.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The raw value, or <paramref name="fallback"/>.</summary>
    public object? Value(string name, object? fallback = null) => _values.TryGetValue(name, out var v) ? v.Value : fallback;

    /// <summary>Where the argument was written, or the call's position.</summary>
    public SourcePosition PositionOf(string name) => _values.TryGetValue(name, out var v) ? v.Position : Call.Position;

    /// <summary>A Python number (int, float or bool), or <paramref name="fallback"/> when absent.</summary>
    public double Double(string name, double fallback) => Has(name) ? ToDouble(name, Value(name)) : fallback;

    /// <summary>A number or None, or <paramref name="fallback"/> when absent.</summary>
    public double? OptionalDouble(string name, double? fallback) =>
        !Has(name) ? fallback : Value(name) is null ? null : ToDouble(name, Value(name));

    /// <summary>A number that must be given.</summary>
    public double RequiredDouble(string name) => Has(name) ? ToDouble(name, Value(name)) : throw Missing(name, "a number");

    /// <summary>A Python int, or <paramref name="fallback"/>.</summary>
    public long Long(string name, long fallback)
    {
        if (!Has(name))
        {
            return fallback;
        }

        return Value(name) switch
        {
            long l => l,
            bool b => b ? 1 : 0,
            var other => throw Invalid(name, other, "an integer"),
        };
    }

    /// <summary>A seed: an int or None (absent means None).</summary>
    public long? Seed(string name = "seed") => Value(name) is null ? null : Long(name, 0);

    /// <summary>A string, or <paramref name="fallback"/>.</summary>
    public string String(string name, string fallback) =>
        !Has(name) ? fallback : Value(name) as string ?? throw Invalid(name, Value(name), "a string");

    /// <summary>True or False, or <paramref name="fallback"/>.</summary>
    public bool Bool(string name, bool fallback) =>
        !Has(name) ? fallback : Value(name) is bool b ? b : throw Invalid(name, Value(name), "True or False");

    /// <summary>An int or a tuple/list of ints (JAX's axis arguments), or null when absent.</summary>
    public int[]? Ints(string name)
    {
        if (!Has(name) || Value(name) is null)
        {
            return null;
        }

        return Value(name) switch
        {
            long l when l is >= int.MinValue and <= int.MaxValue => [(int)l],
            PySequence s when s.Items.All(i => i is long l && l is >= int.MinValue and <= int.MaxValue) => s.Items.Select(i => (int)(long)i!).ToArray(),
            var other => throw Invalid(name, other, "an integer or a tuple of integers"),
        };
    }

    /// <summary>Accepts a float dtype argument (TensorFlow's <c>dtype=tf.float32</c>); the dtype of the fill is chosen by the caller.</summary>
    public void FloatDType(string name = "dtype")
    {
        if (Has(name) && Value(name) is not (null or PyDType { Name: "float16" or "float32" or "float64" } or "float16" or "float32" or "float64"))
        {
            throw Invalid(name, Value(name), "a floating dtype (tf.float32, tf.float64, tf.float16); integer dtypes are not supported");
        }
    }

    /// <summary>The error for a value outside what <paramref name="name"/> allows.</summary>
    public PythonCodeException Invalid(string name, object? value, string allowed) =>
        PythonCodeException.At(PositionOf(name), $"{Function}(): '{name}' is {Describe(value)}; allowed: {allowed}");

    /// <summary>The error for a bad value, given as the message the library raised.</summary>
    public PythonCodeException Rejected(string name, string message) =>
        PythonCodeException.At(PositionOf(name), $"{Function}(): {message}");

    /// <summary>Python's repr of a value, for messages.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string s => $"'{s}'",
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        PySequence s => (s.IsTuple ? "(" : "[") + string.Join(", ", s.Items.Select(Describe)) + (s.IsTuple && s.Items.Count == 1 ? ",)" : s.IsTuple ? ")" : "]"),
        NdArray a => $"an array of shape {Shape.Format(a.Shape)}",
        PyDType t => $"dtype {t.Name}",
        Initializers.Initializer i => $"an initializer ({i.ClassName})",
        _ => value.GetType().Name,
    };

    /// <summary>Python's type name of a value, for TypeError messages.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        PySequence s => s.IsTuple ? "tuple" : "list",
        NdArray => "numpy.ndarray",
        Initializers.Initializer i => i.ClassName,
        _ => "object",
    };

    private static IReadOnlyList<object?> Unpack(object? value, ArgumentNode argument) => value switch
    {
        PySequence s => s.Items,
        _ => throw PythonCodeException.At(argument.Position, $"argument after * must be a tuple or list, not {TypeName(value)}"),
    };

    private object? EvaluateNext(Interpreter interpreter, IReadOnlyList<string> parameters, int next, ArgumentNode argument) =>
        next < parameters.Count ? Evaluate(interpreter, parameters[next], argument.Value) : interpreter.Evaluate(argument.Value);

    private object? Evaluate(Interpreter interpreter, string parameter, Node value)
    {
        if (parameter != "tensor")
        {
            return interpreter.Evaluate(value);
        }

        return value is NameNode name
            ? name.Name
            : throw PythonCodeException.At(value.Position, $"{Function}(): the tensor to fill must be a name (e.g. w); its shape comes from --shape");
    }

    private double ToDouble(string name, object? value) => value switch
    {
        double d => d,
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw Invalid(name, value, "a number"),
    };

    private PythonCodeException Missing(string name, string allowed) =>
        PythonCodeException.At(Call.Position, $"{Function}() missing required argument '{name}' ({allowed})");
}
