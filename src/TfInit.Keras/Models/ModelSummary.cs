using System.Globalization;
using System.Text;
using TfInit.Keras.Layers;

namespace TfInit.Keras.Models;

/// <summary>Keras's <c>model.summary()</c> table: one row per layer (name and type, output shape, parameters), then the totals.</summary>
internal static class ModelSummary
{
    /// <summary>Formats the table.</summary>
    /// <param name="modelName">The model's name, for the title line.</param>
    /// <param name="layers">The layers, in order.</param>
    /// <returns>The table, lines separated by the platform's newline, without a final newline.</returns>
    public static string Format(string modelName, IReadOnlyList<Layer> layers)
    {
        var rows = layers.Select(layer => (
            Name: $"{layer.Name} ({layer.TypeName})",
            Shape: layer.Built ? $"(None, {string.Join(", ", layer.OutputShape)})" : "(unbuilt)",
            Params: layer.ParamCount.ToString("N0", CultureInfo.InvariantCulture))).ToList();

        // Keras's column widths, widened so a long "name (Type)" or shape never runs into the next column.
        int nameWidth = Math.Max(28, rows.Select(r => r.Name.Length + 2).DefaultIfEmpty(0).Max());
        int shapeWidth = Math.Max(26, rows.Select(r => r.Shape.Length + 2).DefaultIfEmpty(0).Max());
        int width = 1 + nameWidth + shapeWidth + 10;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Model: \"{modelName}\"");
        text.AppendLine(new string('_', width));
        text.AppendLine(Row("Layer (type)", "Output Shape", "Param #"));
        text.AppendLine(new string('=', width));
        for (int i = 0; i < rows.Count; i++)
        {
            text.AppendLine(Row(rows[i].Name, rows[i].Shape, rows[i].Params));
            text.AppendLine(i == rows.Count - 1 ? new string('=', width) : "");
        }

        long total = layers.Sum(l => l.ParamCount);
        long trainable = layers.SelectMany(l => l.Weights).Where(w => w.Trainable).Sum(w => w.Value.numel());
        text.AppendLine(CultureInfo.InvariantCulture, $"Total params: {total:N0}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Trainable params: {trainable:N0}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Non-trainable params: {total - trainable:N0}");
        text.Append(new string('_', width));
        return text.ToString();

        string Row(string a, string b, string c) => " " + a.PadRight(nameWidth) + b.PadRight(shapeWidth) + c;
    }
}
