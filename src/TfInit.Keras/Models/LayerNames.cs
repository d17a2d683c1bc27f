using System.Text.RegularExpressions;
using TfInit.Keras.Layers;

namespace TfInit.Keras.Models;

/// <summary>
/// Keras's automatic layer names within one model: <c>dense</c>, <c>dense_1</c>, ... counted per type, skipping names
/// already taken, and given names kept unique.
/// </summary>
internal sealed partial class LayerNames
{
    private readonly Dictionary<string, int> _autoNamed = [];

    /// <summary>Names <paramref name="layer"/> after its type when it has no name, else checks its name is unused.</summary>
    /// <param name="layer">The layer about to be added.</param>
    /// <param name="existing">The model's layers so far.</param>
    /// <exception cref="ArgumentException">The layer's given name is already used in this model.</exception>
    public void Assign(Layer layer, IReadOnlyList<Layer> existing)
    {
        if (layer.Name is null)
        {
            // As Keras: only auto-named layers are counted; a name already in the model is skipped.
            string baseName = SnakeCase().Replace(layer.TypeName, "_$1").ToLowerInvariant();
            int count = _autoNamed.GetValueOrDefault(baseName);
            string name;
            do
            {
                name = count == 0 ? baseName : $"{baseName}_{count}";
                count++;
            }
            while (existing.Any(l => l.Name == name));

            _autoNamed[baseName] = count;
            layer.Name = name;
        }
        else if (existing.Any(l => l.Name == layer.Name))
        {
            throw new ArgumentException(
                $"All layers of a Sequential model need unique names; '{layer.Name}' is already the name of a layer in this model.", nameof(layer));
        }
    }

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex SnakeCase();
}
