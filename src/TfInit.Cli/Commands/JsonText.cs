using System.Text;
using System.Text.Json;

namespace TfInit.Cli.Commands;

/// <summary>Builds the JSON documents the commands print.</summary>
internal static class JsonText
{
    /// <summary>Returns the text of one JSON object whose members <paramref name="members"/> writes.</summary>
    public static string Object(bool indented, Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping writes + ' < > as Python's json.dumps does: a config holding Python code stays readable ("n_in + n_out", not "n_in \u002B n_out").
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes a number, or null for Inf and NaN, which JSON cannot hold (an overflowed or diverged run).</summary>
    public static void Number(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
