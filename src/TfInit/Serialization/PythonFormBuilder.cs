using TfInit.PythonCode;

namespace TfInit.Serialization;

/// <summary>
/// Adds initializer forms to the Python function table: each binds its Python parameters, builds the TfInit class
/// and turns the class's own argument errors into one-line errors at the argument's position.
/// </summary>
internal sealed class PythonFormBuilder(FunctionTable table, List<PythonForm> forms, string family)
{
    /// <summary>Adds a form callable under <paramref name="names"/>; the first name is shown in <c>tfinit list</c>.</summary>
    /// <param name="names">Full module paths, e.g. <c>tensorflow.truncated_normal_initializer</c>.</param>
    /// <param name="parameters">Python parameter names in order, with defaults for display (<c>"stddev=1.0"</c>).</param>
    /// <param name="becomes">What the form becomes, for <c>tfinit list</c>.</param>
    /// <param name="create">Builds the initializer from the bound arguments.</param>
    /// <param name="shown">How the module is shown (<c>tf.</c> for <c>tensorflow.</c>).</param>
    public void Add(string[] names, string[] parameters, string becomes, Func<CallArguments, object?> create, string? shown = null)
    {
        string[] bare = parameters.Select(p => p.Split('=')[0]).ToArray();
        table.Add((interpreter, call, name) =>
        {
            var args = CallArguments.Bind(interpreter, name, call, bare);
            try
            {
                return create(args);
            }
            catch (ArgumentException e) when (e is not PythonCodeException)
            {
                string message = e.Message.Split(" (Parameter '")[0].Split('\n')[0].Trim();
                throw args.Rejected(e.ParamName is { } p && bare.Contains(p) ? p : "", message);
            }
        }, names);
        string display = shown ?? Shorten(names[0]);
        forms.Add(new PythonForm($"{display}({string.Join(", ", parameters)})", becomes, family));
    }

    /// <summary>Checks that a PyTorch <c>generator</c> argument is absent or None (the stream comes from --seed / --rng).</summary>
    public static void NoGenerator(CallArguments args)
    {
        if (args.Value("generator") is not null)
        {
            throw args.Invalid("generator", args.Value("generator"), "None (the draws come from --seed and --rng)");
        }
    }

    private static string Shorten(string name) =>
        name.StartsWith("tensorflow.", StringComparison.Ordinal) ? "tf." + name["tensorflow.".Length..] : name;
}
