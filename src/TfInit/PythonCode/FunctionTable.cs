namespace TfInit.PythonCode;

/// <summary>A Python function the interpreter can call: it binds and reads its own arguments.</summary>
/// <param name="interpreter">The running interpreter (evaluates arguments, holds the random stream).</param>
/// <param name="call">The call node.</param>
/// <param name="name">The function's name as written, for messages.</param>
/// <returns>The call's value.</returns>
internal delegate object? PyFunction(Interpreter interpreter, CallNode call, string name);

/// <summary>
/// The functions and constants a snippet may name, under their full module paths (<c>numpy.random.randn</c>,
/// <c>tensorflow.truncated_normal_initializer</c>), and the module prefixes that mean the same thing
/// (<c>tensorflow.compat.v1.</c> is <c>tensorflow.</c>). Anything not in the table is refused: nothing else is evaluated.
/// </summary>
internal sealed class FunctionTable
{
    private readonly Dictionary<string, PyFunction> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<object?>> _constants = new(StringComparer.Ordinal);
    private readonly List<(string From, string To)> _rewrites = [];

    /// <summary>Every callable full name, in the order added.</summary>
    public List<string> FunctionNames { get; } = [];

    /// <summary>Adds a function under one or more full names.</summary>
    public void Add(PyFunction function, params string[] names)
    {
        foreach (string name in names)
        {
            _functions.Add(name, function);
            FunctionNames.Add(name);
        }
    }

    /// <summary>Refuses a function when the code is read, before anything runs (e.g. np.random.seed).</summary>
    public void AddRefused(string name, string message)
    {
        Refused.Add(name, message);
        Add((_, call, written) => throw PythonCodeException.At(call.Position, $"{written}(): {message}"), name);
    }

    /// <summary>Functions refused when the code is read, with the reason.</summary>
    public Dictionary<string, string> Refused { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a constant (a dtype, pi, or an initializer used without a call such as JAX's <c>zeros</c>).</summary>
    public void AddConstant(string name, Func<object?> value) => _constants.Add(name, value);

    /// <summary>Makes names starting with <paramref name="from"/> mean the same names starting with <paramref name="to"/>.</summary>
    public void AddPrefix(string from, string to) => _rewrites.Add((from, to));

    /// <summary>Whether <paramref name="module"/> is a module some function or constant lives in (for <c>import</c>).</summary>
    public bool IsModule(string module)
    {
        string canonical = Canonical(module) + ".";
        return _functions.Keys.Concat(_constants.Keys).Any(n => n.StartsWith(canonical, StringComparison.Ordinal))
            || _rewrites.Any(r => r.From.StartsWith(module + ".", StringComparison.Ordinal));
    }

    /// <summary>Finds a function by its full name, after the prefix rewrites.</summary>
    public bool TryFunction(string fullName, out PyFunction function) => _functions.TryGetValue(Canonical(fullName), out function!);

    /// <summary>Finds a constant by its full name, after the prefix rewrites.</summary>
    public bool TryConstant(string fullName, out Func<object?> value) => _constants.TryGetValue(Canonical(fullName), out value!);

    /// <summary>Whether a function or constant has this full name.</summary>
    public bool Contains(string fullName) => _functions.ContainsKey(Canonical(fullName)) || _constants.ContainsKey(Canonical(fullName));

    /// <summary>The names of every function and constant in the same module as <paramref name="fullName"/>.</summary>
    public IEnumerable<string> SiblingNames(string fullName)
    {
        string canonical = Canonical(fullName);
        int dot = canonical.LastIndexOf('.');
        string module = dot < 0 ? "" : canonical[..(dot + 1)];
        return FunctionNames.Concat(_constants.Keys).Where(n => n.StartsWith(module, StringComparison.Ordinal) && n.IndexOf('.', module.Length) < 0);
    }

    /// <summary>The callable names in the same module as <paramref name="fullName"/>, for "allowed:" lists.</summary>
    public IEnumerable<string> Siblings(string fullName)
    {
        string canonical = Canonical(fullName);
        int dot = canonical.LastIndexOf('.');
        string module = dot < 0 ? "" : canonical[..(dot + 1)];
        return FunctionNames.Where(n => n.StartsWith(module, StringComparison.Ordinal) && n.IndexOf('.', module.Length) < 0);
    }

    private string Canonical(string name)
    {
        foreach (var (from, to) in _rewrites)
        {
            if (name.StartsWith(from, StringComparison.Ordinal) && _functions.Keys.Concat(_constants.Keys).Contains(to + name[from.Length..]))
            {
                return to + name[from.Length..];
            }
        }

        return name;
    }
}
