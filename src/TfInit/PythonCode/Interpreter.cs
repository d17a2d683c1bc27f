using TfInit.Random;
using TfInit.Shapes;

namespace TfInit.PythonCode;

/// <summary>
/// Runs a parsed snippet: names, arithmetic with Python's int/float rules and numpy's element-wise float64 arrays,
/// and calls to the functions of a <see cref="FunctionTable"/> only. Arguments are evaluated left to right, as Python
/// does, so random draws happen in Python's order.
/// </summary>
internal sealed class Interpreter
{
    /// <summary>The names of the tensor a snippet gives, in the order they are looked for.</summary>
    public const string ResultName = "W";

    private static readonly Dictionary<string, string> DefaultModules = new(StringComparer.Ordinal)
    {
        ["np"] = "numpy", ["numpy"] = "numpy", ["math"] = "math",
        ["tf"] = "tensorflow", ["tensorflow"] = "tensorflow",
        ["keras"] = "keras", ["initializers"] = "keras.initializers",
        ["torch"] = "torch", ["nn"] = "torch.nn",
        ["jax"] = "jax",
    };

    private readonly FunctionTable _table;
    private readonly Dictionary<string, object?> _variables;
    private readonly Dictionary<string, string> _modules = new(DefaultModules, StringComparer.Ordinal);

    /// <summary>Creates an interpreter.</summary>
    /// <param name="table">The functions the code may call.</param>
    /// <param name="variables">Names bound before the first statement (n_in, n_out, shape, ...).</param>
    /// <param name="stream">Where numpy's random draws come from; null when the code may not draw.</param>
    public Interpreter(FunctionTable table, IReadOnlyDictionary<string, object?> variables, RandomStream? stream)
    {
        _table = table;
        _variables = new Dictionary<string, object?>(variables, StringComparer.Ordinal);
        Stream = stream;
    }

    /// <summary>The random stream numpy's draws read, or null.</summary>
    public RandomStream? Stream { get; }

    /// <summary>The most elements one drawn array may have (a snippet's arrays are never larger than its tensor).</summary>
    public long MaxArrayElements { get; init; } = int.MaxValue;

    /// <summary>The names bound before the code ran (for NameError hints).</summary>
    public Func<string, string?>? UnboundNameHint { get; init; }

    /// <summary>
    /// Runs the statements and returns the code's value: the last value assigned to <c>W</c> when the code assigns
    /// <c>W</c>, else the value of its last expression statement.
    /// </summary>
    /// <exception cref="PythonCodeException">An error while running; the message names the position.</exception>
    public object? Run(IReadOnlyList<Statement> statements)
    {
        bool assignedResult = false;
        object? result = null;
        object? lastExpression = null;
        bool hasExpression = false;
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case ImportStatement import:
                    Import(import);
                    break;
                case AssignStatement assign:
                    object? value = Evaluate(assign.Value);
                    _variables[assign.Target] = value;
                    _modules.Remove(assign.Target);
                    if (assign.Target == ResultName)
                    {
                        assignedResult = true;
                        result = value;
                    }

                    break;
                case ExpressionStatement expression:
                    lastExpression = Evaluate(expression.Value);
                    hasExpression = true;
                    break;
            }
        }

        if (assignedResult)
        {
            return result;
        }

        if (!hasExpression)
        {
            throw PythonCodeException.At(statements[^1].Position,
                $"the code neither assigns {ResultName} nor ends with an expression; give an initializer call, or numpy lines that assign {ResultName}");
        }

        return lastExpression;
    }

    /// <summary>
    /// Checks, without running anything, that every function and constant the code names exists, and tells whether
    /// the code draws numbers or reads the shape (then it is a snippet run at fill time, not an initializer call).
    /// </summary>
    /// <param name="statements">The parsed code.</param>
    /// <param name="shapeNames">The names a fill binds (n_in, n_out, shape, ...).</param>
    /// <returns>Whether the code calls numpy.random or tf.get_variable or reads a shape name.</returns>
    /// <exception cref="PythonCodeException">An unknown function, constant or module.</exception>
    public bool Inspect(IReadOnlyList<Statement> statements, IReadOnlyCollection<string> shapeNames)
    {
        bool needsShape = false;
        void Visit(Node node)
        {
            switch (node)
            {
                case NameNode name when !_variables.ContainsKey(name.Name) && !_modules.ContainsKey(name.Name):
                    needsShape |= shapeNames.Contains(name.Name);
                    break;
                case CallNode call when DottedName(call.Function) is { } dotted:
                    if (!_table.TryFunction(dotted, out _))
                    {
                        throw PythonCodeException.At(call.Function.Position, Unknown(dotted, Display(call.Function)));
                    }

                    if (_table.Refused.TryGetValue(dotted, out string? refused))
                    {
                        throw PythonCodeException.At(call.Function.Position, $"{Display(call.Function)}(): {refused}");
                    }

                    needsShape |= dotted.StartsWith("numpy.random.", StringComparison.Ordinal) || dotted == "tensorflow.get_variable";
                    break;
                case AttributeNode attribute when DottedName(attribute) is { } dotted:
                    if (!_table.Contains(dotted))
                    {
                        throw PythonCodeException.At(attribute.Position, Unknown(dotted, Display(attribute), call: false));
                    }

                    return;
            }

            foreach (var child in Children(node))
            {
                Visit(child);
            }
        }

        foreach (var statement in statements)
        {
            switch (statement)
            {
                case ImportStatement import:
                    Import(import);
                    break;
                case AssignStatement assign:
                    Visit(assign.Value);
                    _variables[assign.Target] = null;
                    _modules.Remove(assign.Target);
                    break;
                case ExpressionStatement expression:
                    Visit(expression.Value);
                    break;
            }
        }

        return needsShape;
    }

    /// <summary>Evaluates one expression.</summary>
    public object? Evaluate(Node node) => node switch
    {
        LiteralNode literal => literal.Value,
        NameNode name => Name(name),
        AttributeNode attribute => Attribute(attribute),
        CallNode call => Call(call),
        BinaryNode binary => Arithmetic.Binary(binary.Operator, Evaluate(binary.Left), Evaluate(binary.Right), binary.Position),
        UnaryNode unary => Arithmetic.Unary(unary.Operator, Evaluate(unary.Operand), unary.Position),
        SequenceNode sequence => new PySequence(sequence.Items.Select(Evaluate).ToArray(), sequence.IsTuple),
        SubscriptNode subscript => Subscript(subscript),
        _ => throw PythonCodeException.At(node.Position, "this expression is outside the accepted grammar"),
    };

    /// <summary>The full module path a dotted expression names (<c>np.random.randn</c> gives <c>numpy.random.randn</c>), or null when it starts at a variable.</summary>
    public string? DottedName(Node node) => node switch
    {
        NameNode name when !_variables.ContainsKey(name.Name) && _modules.TryGetValue(name.Name, out string? module) => module,
        AttributeNode attribute when DottedName(attribute.Target) is { } prefix => prefix + "." + attribute.Name,
        _ => null,
    };

    private void Import(ImportStatement import)
    {
        string[] parts = import.Module.Split('.');
        string module = DefaultModules.TryGetValue(parts[0], out string? root) && parts[0] is not ("np" or "tf" or "nn" or "initializers")
            ? string.Join('.', parts.Skip(1).Prepend(root))
            : import.Module;
        if (!_table.IsModule(module) && !_table.Contains(module))
        {
            throw PythonCodeException.At(import.Position,
                $"import of '{import.Module}' is not allowed; allowed: numpy, math, tensorflow (and tensorflow.compat.v1, tensorflow.keras), keras, torch, torch.nn, torch.nn.init, jax, jax.nn.initializers and the functions they hold");
        }

        _modules[import.Alias] = module;
        _variables.Remove(import.Alias);
    }

    private object? Name(NameNode name)
    {
        if (_variables.TryGetValue(name.Name, out object? value))
        {
            return value;
        }

        if (_modules.TryGetValue(name.Name, out string? module))
        {
            if (_table.TryConstant(module, out var constant))
            {
                return constant();
            }

            throw PythonCodeException.At(name.Position, $"'{name.Name}' is the module {module}; call one of its functions, e.g. {module}.{_table.Siblings(module + ".x").FirstOrDefault()?.Split('.')[^1] ?? "..."}(...)");
        }

        string hint = UnboundNameHint?.Invoke(name.Name) ?? "";
        throw PythonCodeException.At(name.Position, $"name '{name.Name}' is not defined (NameError){hint}");
    }

    private object? Attribute(AttributeNode attribute)
    {
        if (DottedName(attribute) is { } dotted)
        {
            if (_table.TryConstant(dotted, out var constant))
            {
                return constant();
            }

            throw PythonCodeException.At(attribute.Position,
                _table.TryFunction(dotted, out _) ? $"{Display(attribute)} is a function; call it: {Display(attribute)}(...)" : Unknown(dotted, Display(attribute), call: false));
        }

        object? target = Evaluate(attribute.Target);
        if (attribute.Name == "shape" && target is NdArray array)
        {
            return new PySequence(array.Shape.Select(d => (object?)(long)d).ToArray(), true);
        }

        throw PythonCodeException.At(attribute.Position, $"'{CallArguments.TypeName(target)}' object has no attribute '{attribute.Name}' here; allowed on arrays: .shape and .astype(dtype)");
    }

    private object? Call(CallNode call)
    {
        if (DottedName(call.Function) is { } dotted)
        {
            if (!_table.TryFunction(dotted, out var function))
            {
                throw PythonCodeException.At(call.Function.Position, Unknown(dotted, Display(call.Function)));
            }

            return function(this, call, Display(call.Function));
        }

        if (call.Function is AttributeNode { Name: "astype" } method)
        {
            object? target = Evaluate(method.Target);
            var args = CallArguments.Bind(this, "astype", call, ["dtype"]);
            return target is NdArray array
                ? Arithmetic.AsType(array, args, "dtype")
                : throw PythonCodeException.At(method.Position, $"'{CallArguments.TypeName(target)}' object has no attribute 'astype'; allowed on numpy arrays only");
        }

        if (call.Function is NameNode name && !_variables.ContainsKey(name.Name))
        {
            string hint = UnboundNameHint?.Invoke(name.Name) ?? "";
            throw PythonCodeException.At(name.Position, $"name '{name.Name}' is not defined (NameError){hint}; allowed calls are module functions such as np.random.randn(...) or tf.truncated_normal_initializer(...)");
        }

        throw PythonCodeException.At(call.Position, $"'{CallArguments.TypeName(Evaluate(call.Function))}' object is not callable");
    }

    private object? Subscript(SubscriptNode subscript)
    {
        object? target = Evaluate(subscript.Target);
        object? index = Evaluate(subscript.Index);
        if (target is not PySequence sequence)
        {
            throw PythonCodeException.At(subscript.Position, $"'{CallArguments.TypeName(target)}' object is not subscriptable here; allowed: a tuple or list indexed by an integer, e.g. shape[0]");
        }

        if (index is not long i)
        {
            throw PythonCodeException.At(subscript.Index.Position, $"{(sequence.IsTuple ? "tuple" : "list")} indices must be integers, not {CallArguments.TypeName(index)}");
        }

        long at = i < 0 ? i + sequence.Items.Count : i;
        if (at < 0 || at >= sequence.Items.Count)
        {
            throw PythonCodeException.At(subscript.Index.Position, $"{(sequence.IsTuple ? "tuple" : "list")} index {i} out of range (IndexError); it has {sequence.Items.Count} items");
        }

        return sequence.Items[(int)at];
    }

    private static IEnumerable<Node> Children(Node node) => node switch
    {
        AttributeNode attribute => [attribute.Target],
        CallNode call => call.Arguments.Select(a => a.Value).Prepend(call.Function),
        BinaryNode binary => [binary.Left, binary.Right],
        UnaryNode unary => [unary.Operand],
        SequenceNode sequence => sequence.Items,
        SubscriptNode subscript => [subscript.Target, subscript.Index],
        _ => [],
    };

    private static string Display(Node node) => node switch
    {
        NameNode name => name.Name,
        AttributeNode attribute => Display(attribute.Target) + "." + attribute.Name,
        _ => "?",
    };

    private string Unknown(string dotted, string written, bool call = true)
    {
        var siblings = (call ? _table.Siblings(dotted) : _table.SiblingNames(dotted)).ToList();
        return siblings.Count > 0
            ? $"unknown {(call ? "function" : "name")} '{written}'; allowed in {written[..Math.Max(0, written.LastIndexOf('.'))]}: {string.Join(", ", siblings.Select(s => s.Split('.')[^1]))}"
            : $"unknown name '{written}'; allowed: numpy lines (np.random.randn/rand/uniform/normal, np.sqrt, tf.Variable) and initializer calls of Keras, tf.keras, TF 1.x, PyTorch and JAX ('tfinit list' shows them)";
    }
}
