using System.Text.Json;
using TfInit.Initializers;
using TfInit.Serialization;

namespace TfInit.Cli.Commands;

/// <summary><c>tfinit list [--json]</c>: every initializer with its formula, defaults and aliases.</summary>
internal static class ListCommand
{
    public const string Usage = "tfinit list [--json]";

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var parsed = Arguments.Parse("list", args, [], ["--json"]);
        if (parsed.Positionals.Count > 0)
        {
            throw new UsageException($"list: unexpected argument '{parsed.Positionals[0]}'. Usage: {Usage}");
        }

        if (parsed.Flag("--json"))
        {
            WriteJson(output);
            return 0;
        }

        foreach (string name in InitializerRegistry.ClassNames)
        {
            var (module, defaults) = Defaults(name);
            output.WriteLine($"{name}({defaults})  [{module}]");
            output.WriteLine($"    formula: {InitializerRegistry.FormulaOf(name)}");
            output.WriteLine($"    aliases: {string.Join(", ", InitializerRegistry.AliasesOf(name))}");
        }

        output.WriteLine();
        output.WriteLine("Python forms (give any of them where a name or JSON is taken; tf.compat.v1. works for every tf. form):");
        foreach (var form in PythonInitializers.Forms)
        {
            output.WriteLine($"  [{form.Family}] {form.Python}  ->  {form.Becomes}");
        }

        output.WriteLine();
        output.WriteLine("Fans: Keras layout [..spatial, in, out] by default (--layout torch reads [out, in, ..spatial]).");
        output.WriteLine($"Gains (calculate_gain): {string.Join(", ", Gain.Nonlinearities.Select(n => $"{n} {Gain.Calculate(n):0.####}"))}.");
        return 0;
    }

    private static (string Module, string Defaults) Defaults(string name)
    {
        try
        {
            var initializer = InitializerRegistry.Create(name, default);
            var config = initializer.GetConfig().Select(kv => $"{kv.Key}={Format(kv.Value)}");
            return (initializer.Module, string.Join(", ", config));
        }
        catch (ArgumentException e) when (e.ParamName is not null)
        {
            // Classes with a required argument (Sparse's sparsity, Pretrained's path) have no default instance.
            var probe = name switch
            {
                "Sparse" => new Sparse(0.1),
                "NumPySnippet" => new NumPySnippet("W = np.random.randn(n_in, n_out)"),
                _ => (Initializer)new Pretrained("weights.npy"),
            };
            var config = probe.GetConfig().Select(kv => kv.Key == e.ParamName ? $"{kv.Key} (required)" : $"{kv.Key}={Format(kv.Value)}");
            return (probe.Module, string.Join(", ", config));
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        int[] list => "[" + string.Join(", ", list) + "]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static void WriteJson(TextWriter output) => output.WriteLine(JsonText.Object(true, writer =>
    {
        writer.WriteStartArray("initializers");
        foreach (string name in InitializerRegistry.ClassNames)
        {
            var (module, defaults) = Defaults(name);
            writer.WriteStartObject();
            writer.WriteString("class_name", name);
            writer.WriteString("module", module);
            writer.WriteString("formula", InitializerRegistry.FormulaOf(name));
            writer.WriteString("defaults", defaults);
            writer.WriteStartArray("aliases");
            foreach (string alias in InitializerRegistry.AliasesOf(name))
            {
                writer.WriteStringValue(alias);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("python_forms");
        foreach (var form in PythonInitializers.Forms)
        {
            writer.WriteStartObject();
            writer.WriteString("family", form.Family);
            writer.WriteString("python", form.Python);
            writer.WriteString("becomes", form.Becomes);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }));
}
