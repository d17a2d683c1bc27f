using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TfInit.Initializers;

/// <summary>
/// Writes an initializer's Keras JSON from its <see cref="Initializer.GetConfig"/>: the writing half of the config
/// contract, here so that <see cref="Initializer.ToString"/> needs nothing from TfInit.Serialization
/// (whose <c>KerasJson</c> is the public face of both directions).
/// </summary>
internal static class KerasConfigJson
{
    /// <summary>Config keys Keras 3.15 added (null by default), left out of the Keras 2 form when null.</summary>
    private static readonly HashSet<string> Keras3OnlyKeys = ["input_axes", "output_axes"];

    /// <summary>Writes <paramref name="initializer"/> as Keras JSON.</summary>
    /// <param name="initializer">The initializer.</param>
    /// <param name="keras2">True for the Keras 2 / TensorFlow.NET form without module and registered_name (and without Keras 3.15's null input_axes and output_axes).</param>
    /// <param name="indented">True to indent.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(Initializer initializer, bool keras2 = false, bool indented = false)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping writes + ' < > as Python's json.dumps does: a config holding Python code stays readable ("n_in + n_out", not "n_in \u002B n_out").
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
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
            if (keras2 && value is null && Keras3OnlyKeys.Contains(key))
            {
                // Keras 2 and TensorFlow.NET pass every key to the constructor, which has no such argument.
                continue;
            }

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
            case ArrayValue array:
                WriteArray(writer, array);
                break;
            default:
                throw new InvalidOperationException($"Config values of type {value.GetType()} cannot be written.");
        }
    }

    /// <summary>An array as Keras's serialize_keras_object writes it: a list as a list, a numpy array or tensor as <c>{"class_name": "__numpy__", "config": {"value": [...], "dtype": ...}}</c>.</summary>
    private static void WriteArray(Utf8JsonWriter writer, ArrayValue array)
    {
        if (array.Form == ArrayForm.List)
        {
            WriteNested(writer, array, 0, 0);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("class_name", array.Form == ArrayForm.NumPy ? "__numpy__" : "__tensor__");
        writer.WriteStartObject("config");
        writer.WritePropertyName("value");
        WriteNested(writer, array, 0, 0);
        writer.WriteString("dtype", array.DType);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>numpy's <c>tolist()</c>: nested lists along the shape, each element a Python int, float or bool.</summary>
    private static int WriteNested(Utf8JsonWriter writer, ArrayValue array, int axis, int index)
    {
        if (axis == array.Shape.Length)
        {
            double v = array.Values[index];
            if (array.DType == "bool" && array.Form != ArrayForm.List)
            {
                writer.WriteBooleanValue(v != 0);
            }
            else if (array.IsIntegral(index))
            {
                writer.WriteNumberValue((long)v);
            }
            else
            {
                writer.WriteRawValue(PythonFloat(v));
            }

            return index + 1;
        }

        writer.WriteStartArray();
        for (int i = 0; i < array.Shape[axis]; i++)
        {
            index = WriteNested(writer, array, axis + 1, index);
        }

        writer.WriteEndArray();
        return index;
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
