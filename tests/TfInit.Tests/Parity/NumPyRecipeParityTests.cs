using System.Text.Json;
using TfInit.Random;
using TfInit.Serialization;
using TfInit.Tests.Support;

namespace TfInit.Tests.Parity;

/// <summary>
/// The tutorial's numpy recipes (np.random.seed(s); W = np.random.randn(*shape) * np.sqrt(2 / n), ...), run by
/// real numpy into tests/fixtures/numpy_fixtures.json, must come out of the equivalent Keras initializer on the
/// NumPy stream bit for bit, in float64 and in float32 (numpy's astype(np.float32)).
/// </summary>
public sealed class NumPyRecipeParityTests
{
    public static TheoryData<string> RecipeNames()
    {
        var data = new TheoryData<string>();
        foreach (var recipe in NumPyFixtures.Recipes)
        {
            data.Add(recipe.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Fact]
    public void FixtureHoldsTheTutorialRecipes()
    {
        var recipes = NumPyFixtures.Recipes.ToList();
        Assert.True(recipes.Count >= 30, $"only {recipes.Count} recipes");
        var classes = recipes.Select(r => r.GetProperty("initializer").GetProperty("class_name").GetString()).Distinct().Order();
        Assert.Equal(["RandomNormal", "RandomUniform", "VarianceScaling"], classes);
        Assert.Contains(recipes, r => r.GetProperty("dtype").GetString() == "float32");
        Assert.Contains(recipes, r => r.GetProperty("shape").GetArrayLength() == 4);
        Assert.Contains(recipes, r => r.GetProperty("initializer").GetProperty("config").TryGetProperty("mode", out var m) && m.GetString() == "fan_avg");
    }

    [Theory]
    [MemberData(nameof(RecipeNames))]
    public void InitializerOnNumPyStreamMatchesNumPyBitForBit(string name)
    {
        var recipe = NumPyFixtures.Recipe(name);
        var initializer = KerasJson.Read(recipe.GetProperty("initializer"));
        long seed = recipe.GetProperty("seed").GetInt64();
        int[] shape = recipe.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        double[] expected = recipe.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(shape.Aggregate(1, (a, b) => a * b), expected.Length);

        switch (recipe.GetProperty("dtype").GetString())
        {
            case "float64":
                var doubles = new double[expected.Length];
                initializer.Fill(doubles, shape, new NumPyRandomState(seed));
                Bits.Equal(expected, doubles, name);
                break;
            case "float32":
                // The fixture holds float(np.float32(x)), exactly representable as a float.
                float[] expectedSingles = expected.Select(v => (float)v).ToArray();
                Assert.Equal(expected, expectedSingles.Select(v => (double)v));
                var singles = new float[expected.Length];
                initializer.Fill(singles, shape, new NumPyRandomState(seed));
                Bits.Equal(expectedSingles, singles, name);
                break;
            default:
                Assert.Fail($"{name}: unknown dtype");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(RecipeNames))]
    public void RecipeConfigNamesTheSeedItWasRunWith(string name)
    {
        // The fixture's initializer JSON carries the seed the snippet used, as Keras would write it.
        var recipe = NumPyFixtures.Recipe(name);
        var config = recipe.GetProperty("initializer").GetProperty("config");
        Assert.Equal(recipe.GetProperty("seed").GetInt64(), config.GetProperty("seed").GetInt64());
        var initializer = KerasJson.Read(recipe.GetProperty("initializer"));
        Assert.Equal(recipe.GetProperty("seed").GetInt64(), (long?)initializer.GetConfig()["seed"]);
    }
}
