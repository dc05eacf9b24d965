using Platter.Core;
using Platter.Testing;

namespace Platter.Dumps.Tests;

/// <summary>Reads dump files and XML strings the way an import does, keeping every warning.</summary>
internal static class DumpRead
{
    /// <summary>Every record of a file, and every warning raised while reading it.</summary>
    public static (List<IDiscogsRecord> Records, List<DumpWarning> Warnings) All(string path)
    {
        var warnings = new List<DumpWarning>();
        using var reader = DumpReader.Open(path, warnings.Add);
        var records = reader.ReadRecords().ToList();
        return (records, warnings);
    }

    /// <summary>The record with <paramref name="id"/> in a file.</summary>
    public static T ById<T>(string path, long id)
        where T : IDiscogsRecord => All(path).Records.OfType<T>().Single(r => r.Id == id);

    /// <summary>The one record a file holds, asserting that it holds exactly one and no warning was raised.</summary>
    public static T Only<T>(string path)
        where T : IDiscogsRecord
    {
        var (records, warnings) = All(path);
        Assert.Empty(warnings);
        return Assert.IsType<T>(Assert.Single(records));
    }

    /// <summary>Writes <paramref name="xml"/> to a temp file and reads its only record.</summary>
    public static T OnlyFromXml<T>(string xml)
        where T : IDiscogsRecord
    {
        using var dir = new TempFolder();
        return Only<T>(dir.WriteText("record.xml", xml));
    }

    /// <summary>Reads a file that must fail and returns the error.</summary>
    public static DumpFormatException Failure(string path) =>
        Assert.Throws<DumpFormatException>(() => All(path));
}
