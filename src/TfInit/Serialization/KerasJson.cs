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
    public static string Serialize(Initializer initializer, bool keras2 = false, bool indented = false) =>
        KerasConfigJson.Serialize(initializer, keras2, indented);

    /// <summary>Writes <paramref name="initializer"/> as a Keras JSON object to <paramref name="writer"/>.</summary>
    /// <param name="writer">The writer, positioned where a value may start.</param>
    /// <param name="initializer">The initializer.</param>
    /// <param name="keras2">True for the Keras 2 form.</param>
    public static void Write(Utf8JsonWriter writer, Initializer initializer, bool keras2 = false) =>
        KerasConfigJson.Write(writer, initializer, keras2);

    /// <summary>
    /// Reads an initializer from a name (<c>he_normal</c>, <c>HeNormal</c>, <c>normal</c>, ...), a JSON string
    /// holding a name, a Keras 3 / Keras 2 JSON object, or Python code (<see cref="PythonInitializers.Parse"/>:
    /// <c>keras.initializers.HeNormal(seed=42)</c>, <c>tf.truncated_normal_initializer(stddev=0.1)</c>,
    /// <c>torch.nn.init.kaiming_normal_(w, mode='fan_out')</c>, numpy lines that assign W, ...).
    /// </summary>
    /// <param name="nameOrJson">The name, JSON text or Python code.</param>
    /// <returns>A new initializer.</returns>
    /// <exception cref="ArgumentException">Malformed JSON, an unknown name (the message lists the valid ones), or a bad config.</exception>
    public static Initializer Deserialize(string nameOrJson)
    {
        ArgumentNullException.ThrowIfNull(nameOrJson);
        string text = nameOrJson.Trim();
        if (!text.StartsWith('{') && !text.StartsWith('"'))
        {
            return PythonInitializers.IsCode(text) ? PythonInitializers.Parse(nameOrJson) : InitializerRegistry.Create(text, default);
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
            return InitializerRegistry.Create(ConfigReader.Text(element, "class_name"), default);
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
        return InitializerRegistry.Create(ConfigReader.Text(name, "class_name"), config);
    }
}
