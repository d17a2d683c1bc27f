using System.Globalization;
using System.Text;
using System.Text.Json;
using TfInit.Initializers;

namespace TfInit.Serialization;

/// <summary>
/// Keras JSON for initializers. Writes Keras 3's form
/// <c>{"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}</c>
/// (or Keras 2's <c>{"class_name", "config"}</c>); reads both, and bare names such as <c>he_normal</c>.
/// </summary>
public static class KerasJson
{
    /// <summary>Writes <paramref name="initializer"/> as Keras JSON.</summary>
    /// <param name="initializer">The initializer.</param>
    /// <param name="keras2">True for the Keras 2 / TensorFlow.NET form without module and registered_name.</param>
    /// <param name="indented">True to indent.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(Initializer initializer, bool keras2 = false, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            Write(writer, initializer, keras2);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes <paramref name="initializer"/> as a Keras JSON object to <paramref name="writer"/>.</summary>
    /// <param name="writer">The writer, positioned where a value may start.</param>
    /// <param name="initializer">The initializer.</param>
    /// <param name="keras2">True for the Keras 2 form.</param>
    public static void Write(Utf8JsonWriter writer, Initializer initializer, bool keras2 = false)
    {
        writer.WriteStartObject();
        if (!keras2)
        {
            writer.WriteString("module", initializer.Module);
        }

        writer.WriteString("class_name", initializer.ClassName);
        writer.WriteStartObject("config");
        foreach (var (key, value) in initializer.GetConfig())
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
        if (!keras2)
        {
            writer.WriteNull("registered_name");
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads an initializer from a name (<c>he_normal</c>, <c>HeNormal</c>, <c>normal</c>, ...), a JSON string
    /// holding a name, or a Keras 3 / Keras 2 JSON object.
    /// </summary>
    /// <param name="nameOrJson">The name or JSON text.</param>
    /// <returns>A new initializer.</returns>
    /// <exception cref="ArgumentException">Malformed JSON, an unknown name (the message lists the valid ones), or a bad config.</exception>
    public static Initializer Deserialize(string nameOrJson)
    {
        ArgumentNullException.ThrowIfNull(nameOrJson);
        string text = nameOrJson.Trim();
        if (!text.StartsWith('{') && !text.StartsWith('"'))
        {
            return InitializerRegistry.Create(text, default);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The initializer JSON is malformed: {e.Message}", nameof(nameOrJson), e);
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    /// <summary>Reads an initializer from a parsed JSON value (a name string or a config object).</summary>
    /// <param name="element">The JSON value.</param>
    /// <returns>A new initializer.</returns>
    /// <exception cref="ArgumentException">An unknown name or a bad config.</exception>
    public static Initializer Read(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return InitializerRegistry.Create(Text(element, "class_name"), default);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"An initializer must be a name or a JSON object with class_name and config; got {element.ValueKind}.", nameof(element));
        }

        if (!element.TryGetProperty("class_name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            throw new ArgumentException("The initializer JSON needs a string 'class_name' (e.g. \"GlorotUniform\").", nameof(element));
        }

        element.TryGetProperty("config", out var config);
        return InitializerRegistry.Create(Text(name, "class_name"), config);
    }

    /// <summary>
    /// A JSON string's text. JSON may escape a lone UTF-16 surrogate (<c>"\ud800"</c>), which is no text at all;
    /// System.Text.Json then throws InvalidOperationException, turned here into a bad-input error naming the key.
    /// </summary>
    /// <param name="element">A string element.</param>
    /// <param name="key">The config key it was read from, for the message.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentException">The string is not valid Unicode.</exception>
    internal static string Text(JsonElement element, string key)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"'{key}' holds a string that is not valid Unicode (a lone surrogate escape such as \\ud800): {e.Message}", key, e);
        }
    }

    /// <summary>A JSON property's name, with the same check as <see cref="Text(JsonElement, string)"/>.</summary>
    /// <param name="property">The property.</param>
    /// <param name="owner">The class whose config holds it, for the message.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentException">The name is not valid Unicode.</exception>
    internal static string Text(JsonProperty property, string owner)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"The config of {owner} has a key that is not valid Unicode (a lone surrogate escape such as \\ud800).", "config", e);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case double d:
                writer.WriteRawValue(PythonFloat(d));
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int[] list:
                writer.WriteStartArray();
                foreach (int x in list)
                {
                    writer.WriteNumberValue(x);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"Config values of type {value.GetType()} cannot be written.");
        }
    }

    /// <summary>Python's float repr: shortest round-trip digits, always with a '.' or an exponent (2.0, 0.05, 1e-05, 1e+16).</summary>
    private static string PythonFloat(double d)
    {
        string s = d.ToString("R", CultureInfo.InvariantCulture);
        if (s.Contains('E'))
        {
            int e = s.IndexOf('E');
            string exponent = s[(e + 1)..];
            string sign = exponent.StartsWith('-') ? "-" : "+";
            string digits = exponent.TrimStart('+', '-').PadLeft(2, '0');
            return s[..e] + "e" + sign + digits;
        }

        if (Math.Abs(d) >= 1e16)
        {
            // .NET keeps 17-digit integers positional ("10000000000000000"); Python's repr switches to an exponent
            // at 1e16 ("1e+16", "1.2345678901234568e+16"). "R" gives no '.' here, so s is the shortest digits.
            string sign = d < 0 ? "-" : "";
            string digits = s.TrimStart('-');
            string mantissa = digits.TrimEnd('0');
            string fraction = mantissa.Length > 1 ? "." + mantissa[1..] : "";
            return $"{sign}{mantissa[0]}{fraction}e+{digits.Length - 1:00}";
        }

        return s.Contains('.') ? s : s + ".0";
    }
}
