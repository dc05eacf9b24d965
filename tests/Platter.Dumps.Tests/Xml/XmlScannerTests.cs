using System.Text;
using Platter.Dumps.IO;
using Platter.Dumps.Xml;
using Platter.Testing;

namespace Platter.Dumps.Tests.Xml;

/// <summary>The byte-level tokenizer on its own: references, forbidden characters, and the errors of malformed input.</summary>
public sealed class XmlScannerTests
{
    [Fact]
    public void TokensDepthAndEmptyElementsFollowTheDocument()
    {
        using var x = Scanner("<?xml version=\"1.0\"?><!-- c --><a k=\"v\"><b/><c>t</c></a>");

        var seen = new List<string>();
        while (x.Read() != XmlToken.EndOfFile)
        {
            seen.Add(x.Token switch
            {
                XmlToken.StartTag => $"<{Encoding.UTF8.GetString(x.Name)}{(x.IsEmptyElement ? "/" : "")}> {x.Depth}",
                XmlToken.EndTag => $"</{Encoding.UTF8.GetString(x.Name)}> {x.Depth}",
                _ => $"'{x.CurrentText()}' {x.Depth}",
            });
        }

        Assert.Equal(["<a> 1", "<b/> 1", "<c> 2", "'t' 2", "</c> 1", "</a> 0"], seen);
    }

    [Theory]
    [InlineData("&#x1F600;", "\U0001F600")]
    [InlineData("&#128512;", "\U0001F600")]
    [InlineData("&lt;&gt;&amp;&quot;&apos;", "<>&\"'")]
    [InlineData("a&#9;b&#10;c", "a\tb\nc")]
    [InlineData("&#xD800;x", "x")]
    [InlineData("&#0;x&#x1F;", "x")]
    [InlineData("&#xFFFE;&#xFFFF;y", "y")]
    [InlineData("&#1052;&#1072;&#1096;&#1072;", "Маша")]
    [InlineData("B&#228;r &#233;t&#233;", "Bär été")]
    [InlineData("café &#13;&#10;naïve&#7;!", "café \r\nnaïve!")]
    [InlineData("&#0000065;&#01114111;", "A􏿿")]
    [InlineData("long ASCII stretch before &amp; and after a reference, past eight bytes", "long ASCII stretch before & and after a reference, past eight bytes")]
    public void ReferencesDecodeAndForbiddenOnesAreDropped(string raw, string expected)
    {
        Assert.Equal(expected, Text($"<a>{raw}</a>"));
    }

    [Fact]
    public void RawForbiddenCharactersAreDroppedAndCounted()
    {
        // U+FFFF as raw UTF-8 bytes (EF BF BF), which C# string literals cannot carry through the encoder as is.
        byte[] bytes = [.. "<r>"u8, .. Encoding.UTF8.GetBytes("<a>x\u0001\u0008\u000B\u000C\u001Fy</a><b>"), 0xEF, 0xBF, 0xBF, (byte)'z', .. "</b></r>"u8];
        using var x = new XmlScanner(new MemoryStream(bytes)) { SourceName = "t.xml" };

        x.Read();
        x.Read();
        var a = x.ReadElementText();
        x.Read();
        var b = x.ReadElementText();

        Assert.Equal(("xy", "z"), (a, b));
        Assert.Equal(6, x.DroppedControlCharacters);
        Assert.Equal(0xFFFF, x.LastDroppedCharacter);
    }

    [Theory]
    [InlineData("<a>x & y</a>", "an '&' that does not start a reference: the XML is malformed")]
    [InlineData("<a>&#xZZ;</a>", "an invalid character reference &#xZZ;")]
    [InlineData("<a>&#65\u0000;</a>", "an invalid character reference &#65\u0000;")]
    [InlineData("<a>&#x41\u0000;</a>", "an invalid character reference &#x41\u0000;")]
    [InlineData("<a>&#-65;</a>", "an invalid character reference &#-65;")]
    [InlineData("<a>&#1114112;</a>", "an invalid character reference &#1114112;")]
    [InlineData("<a>&#12a;</a>", "an invalid character reference &#12a;")]
    [InlineData("<a>&nbsp;</a>", "an unknown entity &nbsp; (only the five XML entities are allowed; DTDs are never processed)")]
    [InlineData("<a k=v></a>", "an attribute value without quotes in <a>: the XML is malformed")]
    [InlineData("<a k=\"<\"></a>", "a '<' inside an attribute value: the XML is malformed")]
    [InlineData("<a k=\"x>y</a>", "a '<' inside an attribute value: the XML is malformed")]
    [InlineData("<r><a\"b>t</a\"b></r>", "an attribute without a value in <a>: the XML is malformed")]
    [InlineData("<r><'>t</'></r>", "a '<' that does not start a tag: the XML is malformed")]
    [InlineData("<r><a x\"y=\"1\"/></r>", "an attribute without a value in <a>: the XML is malformed")]
    [InlineData("<r><a/ ></r>", "a '/' inside a tag: the XML is malformed")]
    [InlineData("<a></a><b></b>", "a second root element: the XML is malformed")]
    [InlineData("<a><b></a>", "end tag </a> does not match <b>: the XML is malformed")]
    [InlineData("</a>", "unexpected end tag </a> with no element open")]
    [InlineData("<a><![CDATA[x</a>", "the file ends inside a CDATA section: it is truncated")]
    [InlineData("<a><!-- x</a>", "the file ends inside a comment: it is truncated")]
    [InlineData("<a><b", "the file ends inside a tag: it is truncated")]
    [InlineData("<a><b>text", "the file ends inside <b>: it is truncated")]
    [InlineData("hello", "text before the root element: this is not an XML file")]
    [InlineData("<a><!ELEMENT a ANY></a>", "a '<!' that is neither a comment nor CDATA: the XML is malformed")]
    public void MalformedInputFailsWithItsProblem(string xml, string problem)
    {
        using var x = Scanner(xml);

        var e = Assert.Throws<DumpFormatException>(() => ReadToEnd(x));

        Assert.Equal(("t.xml", problem), (e.File, e.Problem));
    }

    [Fact]
    public void ErrorsNameTheLineAndByteOffsetOfTheToken()
    {
        var xml = "<r>\n  <a>ok</a>\n  <b>Ö &bad; x</b>\n</r>";
        using var x = Scanner(xml);
        x.LastGoodRecord = () => "release 9";

        var e = Assert.Throws<DumpFormatException>(() => ReadToEnd(x));

        Assert.Equal((3L, (long)Encoding.UTF8.GetByteCount(xml[..xml.IndexOf('Ö', StringComparison.Ordinal)]), "release 9"), (e.Line, e.ByteOffset, e.LastGoodRecord));
    }

    [Fact]
    public void IntegersAreReadWithoutDecodingAndInvalidOnesAreReported()
    {
        using var x = Scanner("<r><id> 42 </id><id>4x2</id><id/><id>&#52;2</id><n v=\" 7 \" w=\"x\"/></r>");
        x.Read();

        var values = new List<(long?, string?)>();
        for (var i = 0; i < 4; i++)
        {
            x.Read();
            values.Add((x.ReadElementInt64(out var invalid), invalid));
        }

        x.Read();
        Assert.Equal([(42L, null), (null, "4x2"), (null, null), (42L, null)], values);
        Assert.Equal(7L, x.GetAttributeInt64("v"u8, out _));
        Assert.Null(x.GetAttributeInt64("w"u8, out var bad));
        Assert.Equal("x", bad);
        Assert.Null(x.GetAttribute("missing"u8));
    }

    [Fact]
    public void TagsSplitAcrossReadsScanTheSameAsWhole()
    {
        const string Xml = "<r><label name=\"Svek\" catno='SK &amp; 032'   id = \"5\"/><v src=\"a>b\" embed=\"true\">t</v><e/><anv></anv></r >";
        var whole = Tokens(new MemoryStream(Encoding.UTF8.GetBytes(Xml)));
        var trickled = Tokens(new TrickleStream(Encoding.UTF8.GetBytes(Xml)));

        Assert.Equal(
            ["<r>", "<label name=Svek catno=SK & 032 id=5/>", "<v src=a>b embed=true>", "t", "</v>", "<e/>", "<anv>", "</anv>", "</r>"],
            whole);
        Assert.Equal(whole, trickled);
    }

    [Fact]
    public void TextsOfEveryLengthDecodeExactlyWithASpecialCharacterAtEveryPlace()
    {
        // Plain ASCII is checked and widened 8 and 16 bytes at a time: every length up to past
        // two steps, with an escape, a non-ASCII letter, a dropped control character or a
        // line end at every position, and each read both as an element's text and as a token
        // (an element's text that is empty or all white space is null, "no value").
        (string Raw, string Decoded)[] specials = [("", ""), ("&amp;", "&"), ("é", "é"), ("\u0001", ""), ("\r\n", "\n"), ("~", "~"), ("\u007F", "\u007F")];
        foreach (var (raw, decoded) in specials)
        {
            for (var length = 1; length <= 40; length++)
            {
                for (var at = 0; at < length; at++)
                {
                    var head = new string((char)('a' + (at % 26)), at);
                    var tail = new string('z', length - at - 1);
                    var xml = $"<r><t>{head}{raw}{tail}</t><u>{head}{raw}{tail}<!-- --></u></r>";
                    var expected = head + decoded + tail;
                    using var x = Scanner(xml);
                    x.Read();
                    x.Read();
                    var text = x.ReadElementText();
                    x.Read();
                    x.Read();
                    var token = x.CurrentText();
                    Assert.Equal((string.IsNullOrWhiteSpace(expected) ? null : expected, expected), (text, token));
                }
            }
        }
    }

    [Theory]
    [InlineData("<abcdefghijklmnop>x</abcdefghijklmnoq>", "end tag </abcdefghijklmnoq> does not match <abcdefghijklmnop>")]
    [InlineData("<abcdefghijklmnopq>x</abcdefghijklmnopr>", "end tag </abcdefghijklmnopr> does not match <abcdefghijklmnopq>")]
    [InlineData("<a>x</b>", "end tag </b> does not match <a>")]
    [InlineData("<ab><c/></aB>", "end tag </aB> does not match <ab>")]
    public void EndTagsMustMatchToTheLastByteOfLongAndShortNames(string element, string problem)
    {
        using var x = Scanner($"<r>{element}</r>");
        x.Read();
        x.Read();

        var e = Assert.Throws<DumpFormatException>(() => x.ReadElementText());
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NamesOfEveryLengthOpenAndClose()
    {
        var names = Enumerable.Range(1, 40).Select(n => string.Concat(Enumerable.Range(0, n).Select(i => (char)('a' + (i % 26))))).ToArray();
        var xml = "<r>" + string.Concat(names.Select(n => $"<{n}>")) + "t" + string.Concat(names.Reverse().Select(n => $"</{n}>")) + "</r>";
        using var x = Scanner(xml);

        var depths = new List<int>();
        while (x.Read() != XmlToken.EndOfFile)
        {
            depths.Add(x.Depth);
        }

        Assert.Equal(41 + 1 + 41, depths.Count);
        Assert.Equal(41, depths.Max());
        Assert.Equal(0, depths[^1]);
    }

    [Theory]
    [InlineData(256)] // tokens cut by nearly every block boundary
    [InlineData(4096)]
    [InlineData(1 << 20)] // the size DumpReader uses
    public void ReadAheadBlocksScanTheSameAsOneStreamWithTheSameOffsetsAndLines(int blockSize)
    {
        var xml = TempFolder.GunzipPrefix(Fixtures.SampleFile("releases"));

        var expected = Positioned(new MemoryStream(xml));
        var actual = Positioned(new ReadAheadStream(new MemoryStream(xml), blockSize, blocks: 2));

        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected, actual);
        Assert.Equal("<releases> @0 line 1 depth 1", expected[0]);
        // The sample ends with the root's end tag, on the line after the last newline.
        Assert.Equal($"</releases> @{xml.Length - "</releases>".Length} line {xml.Count(b => b == (byte)'\n') + 1} depth 0", expected[^1]);
    }

    [Fact]
    public void AByteOrderMarkBeforeTheRootIsSkippedAndCounted()
    {
        byte[] xml = [0xEF, 0xBB, 0xBF, .. "<r>\n<a>t</a></r>"u8];

        var tokens = Positioned(new ReadAheadStream(new MemoryStream(xml), blockSize: 256, blocks: 2));

        Assert.Equal(["<r> @3 line 1 depth 1", "'\n' @6 line 1 depth 1", "<a> @7 line 2 depth 2", "'t' @10 line 2 depth 2", "</a> @11 line 2 depth 1", "</r> @15 line 2 depth 0"], tokens);
    }

    // Every token with its byte offset and line, as errors would name them.
    private static List<string> Positioned(Stream stream)
    {
        using var x = new XmlScanner(stream) { SourceName = "t.xml" };
        var tokens = new List<string>();
        while (x.Read() != XmlToken.EndOfFile)
        {
            var what = x.Token switch
            {
                XmlToken.StartTag => $"<{Encoding.UTF8.GetString(x.Name)}{string.Concat(new[] { "id", "status", "name", "catno", "src" }.Select(a => x.GetAttribute(Encoding.UTF8.GetBytes(a)) is { } v ? $" {a}={v}" : ""))}{(x.IsEmptyElement ? "/" : "")}>",
                XmlToken.EndTag => $"</{Encoding.UTF8.GetString(x.Name)}>",
                _ => $"'{x.CurrentText()}'",
            };
            tokens.Add($"{what} @{x.TokenOffset} line {x.TokenLine} depth {x.Depth}");
        }

        return tokens;
    }

    // Every start tag with its attributes, text and end tag, as the scanner reports them.
    private static List<string> Tokens(Stream stream)
    {
        using var x = new XmlScanner(stream, bufferSize: 16) { SourceName = "t.xml" };
        var tokens = new List<string>();
        while (x.Read() != XmlToken.EndOfFile)
        {
            var name = Encoding.UTF8.GetString(x.Name);
            tokens.Add(x.Token switch
            {
                XmlToken.StartTag => "<" + name + string.Concat(new[] { "name", "catno", "id", "src", "embed" }.Select(a => x.GetAttribute(Encoding.UTF8.GetBytes(a)) is { } v ? $" {a}={v}" : "")) + (x.IsEmptyElement ? "/>" : ">"),
                XmlToken.EndTag => "</" + name + ">",
                _ => x.CurrentText(),
            });
        }

        return tokens;
    }

    // Hands out one byte per read, so every token is split across reads.
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
    }

    private static XmlScanner Scanner(string xml) => new(new MemoryStream(Encoding.UTF8.GetBytes(xml))) { SourceName = "t.xml" };

    // Reads every token and decodes every text, as a record reader would.
    private static void ReadToEnd(XmlScanner x)
    {
        while (x.Read() != XmlToken.EndOfFile)
        {
            if (x.Token == XmlToken.Text)
            {
                x.CurrentText();
            }
        }
    }

    private static string? Text(string xml)
    {
        using var x = Scanner(xml);
        x.Read();
        return x.ReadElementText();
    }
}
