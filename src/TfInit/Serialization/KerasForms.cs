using System.Text.Json;
using TfInit.PythonCode;

namespace TfInit.Serialization;

/// <summary>
/// Keras 3 / tf.keras initializers written as Python: <c>keras.initializers.HeNormal(seed=42)</c>, the snake_case
/// names (<c>keras.initializers.he_normal()</c>), and the <c>initializers.</c>, <c>tf.keras.initializers.</c>,
/// <c>tf.initializers.</c> and <c>tf.compat.v1.keras.initializers.</c> prefixes. Positional arguments follow Keras's
/// constructors (config keys in order, seed last); the config is read by the registry, as from JSON.
/// </summary>
internal static class KerasForms
{
    private const string Module = "keras.initializers.";

    /// <summary>Adds the forms of every registered class whose module is keras.initializers.</summary>
    public static void Register(FunctionTable table, List<PythonForm> forms)
    {
        var keras = new PythonFormBuilder(table, forms, "Keras 3 / tf.keras");
        foreach (string className in InitializerRegistry.ClassNames)
        {
            if (KerasParameters(className) is not { } parameters)
            {
                continue;
            }

            string[] names = InitializerRegistry.AliasesOf(className).Prepend(className).Select(n => Module + n).ToArray();
            keras.Add(names, parameters, $"{className}({string.Join(", ", parameters.Select(p => p.Split('=')[0]))})", a => Create(className, a));
        }

        foreach (string prefix in new[] { "tensorflow.keras.initializers.", "tensorflow.initializers.", "tensorflow.compat.v1.keras.initializers." })
        {
            table.AddPrefix(prefix, Module);
        }
    }

    /// <summary>Keras's constructor parameters with defaults, or null for a class that is not Keras's own.</summary>
    private static string[]? KerasParameters(string className)
    {
        Initializers.Initializer probe;
        try
        {
            probe = InitializerRegistry.Create(className, default);
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (probe.Module != "keras.initializers")
        {
            return null;
        }

        var config = probe.GetConfig();
        return config.Where(kv => kv.Key != "seed")
            .Select(kv => $"{kv.Key}={CallArguments.Describe(kv.Value)}")
            .Concat(config.ContainsKey("seed") ? ["seed=None"] : [])
            .ToArray();
    }

    private static Initializers.Initializer Create(string className, CallArguments args)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (string parameter in args.Parameters.Where(args.Has))
            {
                writer.WritePropertyName(parameter);
                Write(writer, args.Value(parameter), args, parameter);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return InitializerRegistry.Create(className, document.RootElement);
    }

    private static void Write(Utf8JsonWriter writer, object? value, CallArguments args, string parameter)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case string s: writer.WriteStringValue(s); break;
            case PySequence sequence:
                writer.WriteStartArray();
                foreach (object? item in sequence.Items)
                {
                    Write(writer, item, args, parameter);
                }

                writer.WriteEndArray();
                break;
            default:
                throw args.Invalid(parameter, value, "a number, a string, True/False, None or a tuple of these");
        }
    }
}
