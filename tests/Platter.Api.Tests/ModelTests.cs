using Platter.Api;
using Platter.Api.Models;

namespace Platter.Api.Tests;

/// <summary>The typed endpoints read the recorded responses, caveats included.</summary>
public sealed class ModelTests : ApiTest
{
    [Theory]
    [InlineData("€71.20", "€", "EUR", "71.20")]
    [InlineData("£2.50", "£", "GBP", "2.50")]
    [InlineData("£5", "£", "GBP", "5")]
    [InlineData("$1,234.5", "$", "USD", "1234.5")]
    [InlineData("CA$12.00", "CA$", "CAD", "12.00")]
    public void Collection_value_amounts_are_parsed_into_currency_and_decimal(string text, string symbol, string code, string amount)
    {
        var money = Money.Parse(text);

        Assert.Equal(new Money(symbol, code, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)), money);
    }

    [Theory]
    [InlineData("")]
    [InlineData("€")]
    [InlineData("€1.2.3")]
    public void Text_that_is_not_an_amount_is_refused(string text) => Assert.False(Money.TryParse(text, out _));

    [Fact]
    public async Task Collection_value_of_the_recorded_user()
    {
        using var client = TokenClient("DamIDhagor");

        var value = await client.Collection.GetValueAsync("DamIDhagor", CancellationToken.None);

        Assert.Equal(new Money("€", "EUR", 50.86m), value.Minimum);
        Assert.Equal(new Money("€", "EUR", 71.20m), value.Median);
        Assert.Equal(new Money("€", "EUR", 101.72m), value.Maximum);
    }

    [Fact]
    public async Task Collection_value_with_whole_pounds()
    {
        using var client = TokenClient();

        var value = await client.Collection.GetValueAsync("example", CancellationToken.None);

        Assert.Equal((1.05m, 2.50m, 5m), (value.Minimum!.Amount, value.Median!.Amount, value.Maximum!.Amount));
        Assert.Equal("GBP", value.Maximum.CurrencyCode);
    }

    [Fact]
    public async Task Folder_items_carry_instance_folder_date_rating_and_basic_information()
    {
        using var client = Client(new PersonalTokenCredentials(Fake.IssuePersonalToken()), o => o.PageSize = 50);

        var items = await ToListAsync(client.Collection.GetItemsAsync("example", 0, CancellationToken.None));

        var first = items[0];
        Assert.Equal((6794957, 101, 1, 0), (first.Id, first.InstanceId, first.FolderId, first.Rating));
        Assert.Equal(new DateTimeOffset(2015, 4, 14, 3, 23, 29, TimeSpan.FromHours(-7)), first.DateAdded);
        var info = first.BasicInformation!;
        Assert.Equal(("The K&D Sessions™", 2015, 52323), (info.Title, info.Year, info.MasterId));
        Assert.Equal(("Vinyl", "5", "Trifold Cover, 180 g"), (info.Formats[0].Name, info.Formats[0].Qty, info.Formats[0].Text));
        Assert.Equal(["LP", "Compilation", "Reissue", "Remastered"], info.Formats[0].Descriptions);
        Assert.Equal(("!K7 Records", "!K7073LP", "1"), (info.Labels[0].Name, info.Labels[0].Catno, info.Labels[0].EntityType));
        Assert.Equal(("Kruder & Dorfmeister", "Kruder Dorfmeister", "/artists/1434"), (info.Artists[0].Name, info.Artists[0].Anv, info.Artists[0].ResourceUrl));
        var noMaster = items.Single(i => i.Id == 457553).BasicInformation!;
        Assert.Equal((0, null), (noMaster.MasterId, noMaster.MasterUrl));
        Assert.Null(noMaster.Formats[0].Text);
    }

    [Fact]
    public async Task Folders_of_the_sample_user()
    {
        using var client = TokenClient();

        var folders = await client.Collection.GetFoldersAsync("example", CancellationToken.None);

        Assert.Equal([(0, "All", 3), (1, "Uncategorized folder", 0), (2, "Collection folder 2", 0)], folders.Select(f => (f.Id, f.Name, f.Count)));
    }

    [Fact]
    public async Task Release_1_with_credits_formats_tracks_and_videos()
    {
        using var client = Client();

        var release = await client.Releases.GetAsync(1, CancellationToken.None);

        Assert.Equal(("Stockholm", "1999-03-00", "Mar 1999", "Sweden", 5427), (release.Title, release.Released, release.ReleasedFormatted, release.Country, release.MasterId));
        Assert.Equal("Persuader, The", release.Artists[0].Name);
        Assert.Contains(release.ExtraArtists, c => c.Name == "Jesper Dahlbäck" && c.Role == "Music By [All Tracks By]");
        Assert.Equal(("Vinyl", "2"), (release.Formats[0].Name, release.Formats[0].Qty));
        Assert.Equal(("A", "Östermalm", "4:45"), (release.Tracklist[0].Position, release.Tracklist[0].Title, release.Tracklist[0].Duration));
        Assert.Equal((334, true), (release.Videos[0].Duration, release.Videos[0].Embed));
        Assert.Equal(("Recorded At", "23"), (release.Companies[0].EntityTypeName, release.Companies[0].EntityType));
        Assert.Equal("/image/R-150-1-1193812031.jpeg", release.Images[0].Uri150);
        Assert.Null(release.Community);
    }

    [Fact]
    public async Task Release_without_master_and_identifiers_with_descriptions()
    {
        using var client = Client();

        var noMaster = await client.Releases.GetAsync(3329867, CancellationToken.None);
        var release2 = await client.Releases.GetAsync(2, CancellationToken.None);

        Assert.Null(noMaster.MasterId);
        Assert.Equal(("File", "6", "320 kbps"), (noMaster.Formats[0].Name, noMaster.Formats[0].Qty, noMaster.Formats[0].Text));
        Assert.Equal(("Not On Label", 1818, "none"), (noMaster.Labels[0].Name, noMaster.Labels[0].Id, noMaster.Labels[0].Catno));
        Assert.Equal(("Matrix / Runout", "Side A Runout Etching", "MPO SK026-A -J.T.S.-"), (release2.Identifiers[0].Type, release2.Identifiers[0].Description, release2.Identifiers[0].Value));
    }

    [Fact]
    public async Task Master_artist_and_label_records()
    {
        using var client = Client();

        var master = await client.Masters.GetAsync(4242, CancellationToken.None);
        var josh = await client.Artists.GetAsync(3, CancellationToken.None);
        var persuader = await client.Artists.GetAsync(1, CancellationToken.None);
        var planetE = await client.Labels.GetAsync(1, CancellationToken.None);
        var sublabel = await client.Labels.GetAsync(31405, CancellationToken.None);

        Assert.Equal(("City Of Islands", 79), (master.Title, master.MainRelease));
        Assert.Contains(josh.Groups, g => g.Id == 55692 && g.Name == "Abundance Of Cups");
        Assert.Contains(josh.Aliases, a => a.Name == "Crusher, The");
        Assert.Equal("Persuader, The", persuader.Name);
        Assert.Empty(persuader.Members);
        Assert.Equal(["Antidote (4)", "Community Projects"], planetE.Sublabels.Take(2).Select(l => l.Name));
        Assert.NotNull(planetE.ContactInfo);
        Assert.Equal((1, "Planet E"), (sublabel.ParentLabel!.Id, sublabel.ParentLabel.Name));
        Assert.Null(planetE.ParentLabel);
    }

    [Fact]
    public async Task An_empty_object_body_gives_an_empty_record()
    {
        using var client = Client();

        var raw = await client.GetRawAsync("/marketplace/listings/150899904", CancellationToken.None);

        Assert.Equal("{}", raw.Trim());
    }
}
