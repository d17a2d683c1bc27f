using System.Text.Json;

namespace TfInit.Tests.Support;

/// <summary>tests/fixtures/numpy_fixtures.json, written by make_numpy_fixtures.py with real numpy.</summary>
internal static class NumPyFixtures
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "numpy_fixtures.json"))));

    public static IEnumerable<JsonElement> Recipes => Document.Value.RootElement.GetProperty("recipes").EnumerateArray();

    public static JsonElement Recipe(string name) =>
        Recipes.Single(r => r.GetProperty("name").GetString() == name);
}
