using System.Text;
using Platter.Dumps.Xml;

namespace Platter.Dumps.Tests.Xml;

/// <summary>The cache of repeated short values, keyed on their UTF-8 bytes.</summary>
public sealed class StringPoolTests
{
    [Fact]
    public void A_value_seen_again_is_the_same_string_instance()
    {
        var pool = new StringPool();
        var first = pool.Get("Electronic"u8);
        var again = pool.Get(Encoding.UTF8.GetBytes("Electronic"));

        Assert.Equal("Electronic", first);
        Assert.Same(first, again);
    }

    [Fact]
    public void Many_values_that_share_slots_each_come_back_as_themselves()
    {
        // 20,000 values in 8,192 slots: many evict each other, none may come back as another.
        var pool = new StringPool();
        var values = Enumerable.Range(0, 20_000).Select(i => $"{(char)('A' + (i % 26))}{i}:{i % 60:00}").ToList();
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(values, values.Select(v => pool.Get(Encoding.ASCII.GetBytes(v))));
        }

        Assert.Equal(["A", "A1", "A2", "B1", "12345678", "123456789"], new[] { "A", "A1", "A2", "B1", "12345678", "123456789" }.Select(v => pool.Get(Encoding.ASCII.GetBytes(v))));
    }

    [Theory]
    [InlineData("Tom &amp; Jerry")]
    [InlineData("two\nlines")]
    [InlineData("tab\there")]
    [InlineData("cr\rhere")]
    [InlineData("bell\u0007")]
    [InlineData("Dahlbäck")]
    [InlineData("Warp\u00A0")]
    public void Text_that_is_not_plain_ascii_is_left_to_the_caller(string value)
    {
        var pool = new StringPool();
        Assert.Null(pool.Get(Encoding.UTF8.GetBytes(value)));
        Assert.Null(pool.Get(Encoding.UTF8.GetBytes(value)));
    }

    [Fact]
    public void A_possible_noncharacter_and_long_values_are_left_to_the_caller()
    {
        var pool = new StringPool();
        Assert.Null(pool.Get([(byte)'a', 0xEF, 0xBF, 0xBE]));
        Assert.Null(pool.Get(Encoding.ASCII.GetBytes(new string('x', StringPool.MaxPooledBytes + 1))));
        Assert.Equal(new string('x', StringPool.MaxPooledBytes), pool.Get(Encoding.ASCII.GetBytes(new string('x', StringPool.MaxPooledBytes))));
    }
}
