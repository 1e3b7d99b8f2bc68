"""load_reference_data: every source row loaded, time zones right, names tidy, a second run changes nothing."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from casetracker.timezones import time_zone_for
from cases.models import Country, ImmigrationCourt, Language
from cases.reference import default_data_dir, load_all, smart_title
from detentions.models import Airport, Facility
from detentions.reference import facility_kind, normalize_facility_name

DATA_DIR = default_data_dir()
REFERENCE_MODELS = (Country, Language, ImmigrationCourt, Facility, Airport)


def source_rows(name: str, delimiter: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter, quoting=csv.QUOTE_NONE))


FACILITY_ROWS = source_rows("uwchr-facilities.psv", "|")
COURT_ROWS = source_rows("eoir-base-cities.tsv", "\t")


def snapshot() -> dict[str, dict]:
    """Every field of every reference row, keyed by table and primary key."""
    return {
        model.__name__: {obj.pk: model_to_dict(obj) for obj in model.objects.order_by("pk")}
        for model in REFERENCE_MODELS
    }


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker):
    """Load everything once for the module (about two seconds); remove it again afterwards."""
    with django_db_blocker.unblock():
        before = {model: set(model.objects.values_list("pk", flat=True)) for model in REFERENCE_MODELS}
        results = {r.table: r for r in load_all()}
    yield results
    with django_db_blocker.unblock():
        for model, pks in before.items():
            model.objects.exclude(pk__in=pks).delete()


# --------------------------------------------------------------------------- loading


def test_source_files_have_the_rows_the_readme_promises():
    assert len(FACILITY_ROWS) == 1532
    assert len(COURT_ROWS) == 97


@pytest.mark.django_db
def test_every_facility_row_becomes_one_facility(first_run):
    codes = {row["detloc"].strip().upper() for row in FACILITY_ROWS}
    assert len(codes) == len(FACILITY_ROWS)
    assert first_run["Facilities"].created == len(FACILITY_ROWS)
    assert Facility.objects.count() == len(FACILITY_ROWS)
    assert set(Facility.objects.values_list("code", flat=True)) == codes
    assert not Facility.objects.exclude(source="UWCHR ice-facilities").exists()


@pytest.mark.django_db
def test_rows_with_missing_fields_still_load(first_run):
    # Transport contractors have "NA" for address, city, county, state and zip.
    transport = Facility.objects.get(code="MVMELP")
    assert transport.name == "MVM Transport, El Paso"
    assert (transport.address, transport.city, transport.state, transport.zip_code) == ("", "", "", "")
    assert transport.aor == "ELP"
    assert transport.time_zone == "America/Denver"  # from the El Paso field office
    assert transport.kind == Facility.Kind.OTHER
    assert Facility.objects.filter(state="").count() == sum(row["state"] == "NA" for row in FACILITY_ROWS)
    # A zip code that lost its leading zero in a spreadsheet gets it back.
    assert Facility.objects.get(code="MLJHOLD").zip_code == "08054"


@pytest.mark.django_db
def test_facility_fields_are_parsed(first_run):
    adams = Facility.objects.get(code="ADAMSMS")
    assert adams.name == "Adams County Detention Center"
    assert (adams.city, adams.state, adams.aor) == ("Natchez", "MS", "NOL")
    assert adams.time_zone == "America/Chicago"
    assert adams.kind == Facility.Kind.IGSA and adams.type_code == "IGSA"
    with_capacity = [row for row in FACILITY_ROWS if row["capacity"].isdigit()]
    assert Facility.objects.filter(capacity__isnull=False).count() == len(with_capacity)
    row = next(r for r in FACILITY_ROWS if r["detloc"] == "ABRDNWA")
    aberdeen = Facility.objects.get(code="ABRDNWA")
    assert row["date_of_first_use"] == "9/14/2007" and str(aberdeen.first_used_on) == "2007-09-14"
    assert str(aberdeen.last_used_on) == "2007-09-20"
    assert aberdeen.county == "Grays Harbor"  # trailing blank in the source


@pytest.mark.django_db
def test_facility_kinds_cover_every_type_in_the_file(first_run):
    kinds = dict(Facility.objects.values_list("code", "kind"))
    assert kinds["EPC"] == Facility.Kind.PROCESSING_CENTER  # El Paso SPC
    assert kinds["STFRCTX"] == Facility.Kind.FAMILY  # Dilley
    assert kinds["ABTHOLD"] == Facility.Kind.HOLD
    assert kinds["BEHOSNY"] == Facility.Kind.HOSPITAL
    assert kinds["BOPALP"] == Facility.Kind.BOP
    assert kinds["JENATLA"] == Facility.Kind.STAGING
    assert kinds["BEJUVPA"] == Facility.Kind.JUVENILE
    assert kinds["CBPSYS"] == Facility.Kind.CBP
    valid = set(Facility.Kind.values)
    assert set(kinds.values()) <= valid
    # Every type code in the file maps to a kind other than "other", except the vague ones.
    vague = {"Other", "?", "TRANSPORT"}
    for row in FACILITY_ROWS:
        if row["type_detailed"] not in vague:
            assert kinds[row["detloc"]] != Facility.Kind.OTHER, row


@pytest.mark.django_db
def test_every_court_row_becomes_one_court(first_run):
    assert first_run["Immigration courts"].created == len(COURT_ROWS)
    assert ImmigrationCourt.objects.count() == len(COURT_ROWS)
    assert set(ImmigrationCourt.objects.values_list("code", flat=True)) == {r["BASE_CITY_CODE"] for r in COURT_ROWS}
    el_paso = ImmigrationCourt.objects.get(code="ELP")
    assert el_paso.name == "El Paso Immigration Court"
    assert el_paso.time_zone == "America/Denver"
    assert (el_paso.city, el_paso.state, el_paso.phone) == ("El Paso", "TX", "(915) 534-6020")
    assert ImmigrationCourt.objects.get(code="BIA").name == "Board of Immigration Appeals"
    assert not ImmigrationCourt.objects.get(code="LOU").active
    # Names are unique even where EOIR has two codes for one building.
    names = list(ImmigrationCourt.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "code, time_zone",
    [
        ("ELP", "America/Denver"),
        ("EPD", "America/Denver"),
        ("HOU", "America/Chicago"),
        ("AGA", "Pacific/Guam"),
        ("SAI", "Pacific/Saipan"),
        ("HON", "Pacific/Honolulu"),
        ("PHO", "America/Phoenix"),
        ("TUC", "America/Phoenix"),
        ("DET", "America/Detroit"),
        ("MEM", "America/Chicago"),
        ("SAJ", "America/Puerto_Rico"),
        ("NYC", "America/New_York"),
        ("LVG", "America/Los_Angeles"),
    ],
)
def test_court_time_zones(first_run, code, time_zone):
    assert ImmigrationCourt.objects.get(code=code).time_zone == time_zone


@pytest.mark.django_db
def test_louisville_court_is_eastern(first_run):
    assert ImmigrationCourt.objects.get(code="LOU").time_zone in {"America/Kentucky/Louisville", "America/New_York"}


@pytest.mark.django_db
def test_airports(first_run):
    assert Airport.objects.count() > 5000
    aex = Airport.objects.get(iata="AEX")
    assert (aex.city, aex.country, aex.time_zone, aex.icao) == ("Alexandria", "US", "America/Chicago", "KAEX")
    assert Airport.objects.get(iata="CAI").time_zone == "Africa/Cairo"
    svo = Airport.objects.get(iata="SVO")
    assert (svo.time_zone, svo.country) == ("Europe/Moscow", "RU")
    assert svo.latitude == pytest.approx(55.97, abs=0.05)
    assert not Airport.objects.filter(iata="").exists()


@pytest.mark.django_db
def test_countries_and_languages(first_run):
    assert Country.objects.count() >= 249
    russia = Country.objects.get(code="RU")
    assert russia.alpha3 == "RUS" and russia.name in {"Russia", "Russian Federation"}
    assert Country.objects.get(code="UA").name == "Ukraine"
    assert Country.objects.get(code="IR").name == "Iran"  # common name, not "Iran, Islamic Republic of"
    assert Language.objects.get(code="ru").name == "Russian"
    assert Language.objects.get(code="uk").name == "Ukrainian"
    assert Language.objects.get(code="yue").name  # living language with only a 639-3 code
    assert not Language.objects.filter(code="rus").exists()  # 639-1 code wins


# --------------------------------------------------------------------------- idempotence


@pytest.mark.django_db
def test_second_run_changes_nothing(first_run):
    before = snapshot()
    results = load_all()
    assert [(r.table, r.created, r.updated) for r in results] == [(r.table, 0, 0) for r in results]
    assert all(r.unchanged == first_run[r.table].total for r in results)
    assert snapshot() == before


@pytest.mark.django_db
def test_changed_rows_are_updated_and_only_those(first_run):
    Facility.objects.filter(code="ADAMSMS").update(name="Somebody's edit", time_zone="UTC")
    Airport.objects.filter(iata="SVO").update(city="Leningrad")
    results = {r.table: r for r in load_all()}
    assert (results["Facilities"].created, results["Facilities"].updated) == (0, 1)
    assert (results["Airports"].created, results["Airports"].updated) == (0, 1)
    assert Facility.objects.get(code="ADAMSMS").name == "Adams County Detention Center"
    assert Facility.objects.get(code="ADAMSMS").time_zone == "America/Chicago"
    assert Airport.objects.get(iata="SVO").city == "Moscow"


@pytest.mark.django_db
def test_command_reports_counts_and_says_when_nothing_changed(first_run):
    out = StringIO()
    call_command("load_reference_data", "--data-dir", str(DATA_DIR), stdout=out)
    text = out.getvalue()
    for table in ("Countries", "Languages", "Immigration courts", "Facilities", "Airports"):
        assert table in text
    assert "nothing changed" in text


@pytest.mark.django_db
def test_command_refuses_a_directory_without_the_files(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="uwchr-facilities.psv"):
        call_command("load_reference_data", "--data-dir", str(tmp_path), stdout=StringIO())


# --------------------------------------------------------------------------- time zones


@pytest.mark.parametrize(
    "state, city, county, time_zone",
    [
        ("TX", "El Paso", "", "America/Denver"),
        ("TX", "Sierra Blanca", "Hudspeth", "America/Denver"),
        ("TX", "Houston", "Harris", "America/Chicago"),
        ("TX", "Houston", "", "America/Chicago"),
        ("AZ", "Phoenix", "Maricopa", "America/Phoenix"),
        ("GU", "Hagatna", "", "Pacific/Guam"),
        ("MP", "Saipan", "", "Pacific/Saipan"),
        ("HI", "Honolulu", "", "Pacific/Honolulu"),
        ("FL", "Pensacola", "Escambia", "America/Chicago"),
        ("FL", "Pensacola", "", "America/Chicago"),
        ("FL", "Panama City", "Bay County", "America/Chicago"),
        ("FL", "Miami", "Miami-Dade", "America/New_York"),
        ("MI", "Detroit", "Wayne", "America/Detroit"),
        ("MI", "Iron Mountain", "Dickinson", "America/Menominee"),
        ("KY", "Louisville", "Jefferson", "America/Kentucky/Louisville"),
        ("KY", "Bowling Green", "Warren", "America/Chicago"),
        ("TN", "Memphis", "Shelby", "America/Chicago"),
        ("TN", "Knoxville", "Knox", "America/New_York"),
        ("IN", "Indianapolis", "Marion", "America/Indiana/Indianapolis"),
        ("IN", "Gary", "Lake", "America/Chicago"),
        ("ID", "Boise", "Ada", "America/Boise"),
        ("ID", "Coeur d'Alene", "Kootenai", "America/Los_Angeles"),
        ("OR", "Vale", "Malheur", "America/Boise"),
        ("OR", "Portland", "Multnomah", "America/Los_Angeles"),
        ("NE", "Gering", "Scotts Bluff", "America/Denver"),
        ("NE", "Omaha", "Douglas", "America/Chicago"),
        ("SD", "Rapid City", "Pennington", "America/Denver"),
        ("ND", "Dickinson", "Stark", "America/Denver"),
        ("KS", "Syracuse", "Hamilton", "America/Denver"),
        ("AK", "Anchorage", "", "America/Anchorage"),
        ("AK", "Juneau", "", "America/Juneau"),
        ("NV", "Las Vegas", "Clark", "America/Los_Angeles"),
        ("PR", "San Juan", "", "America/Puerto_Rico"),
        ("VI", "Charlotte Amalie", "", "America/St_Thomas"),
        ("Texas", "Ft. Worth", "", "America/Chicago"),
        ("tx", "EL PASO", "", "America/Denver"),
        ("NY", "New York", "", "America/New_York"),
        ("CA", "Los Angeles", "", "America/Los_Angeles"),
        ("CO", "Colorado Springs", "El Paso", "America/Denver"),  # El Paso County, Colorado
    ],
)
def test_time_zone_for(state, city, county, time_zone):
    assert time_zone_for(state, city, county) == time_zone


@pytest.mark.parametrize("state", ["", "NA", "ZZ", None])
def test_time_zone_for_unknown_state_is_none(state):
    assert time_zone_for(state, "El Paso") is None


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "raw, name",
    [
        ("ADAMS COUNTY DET CENTER", "Adams County Detention Center"),
        ("  ABERDEEN   CITY JAIL ", "Aberdeen City Jail"),
        ("EL PASO SERVICE PROCESSING CENTER", "El Paso Service Processing Center"),
        ("BOSTON SPC", "Boston SPC"),
        ("CCA FLORENCE CORRECTIONAL CENTER", "CCA Florence Correctional Center"),
        ("GEO ICE PROCESSING CENTER", "GEO ICE Processing Center"),
        ("ALLENWOOD US PENITENTIARY", "Allenwood US Penitentiary"),
        ("TERRE HAUTE USP", "Terre Haute USP"),
        ("HONOLULU FEDERAL DETENTION CENTER", "Honolulu Federal Detention Center"),
        ("CBP SAN YSIDRO POE", "CBP San Ysidro POE"),
        ("ATHENS TX HOLD ROOM", "Athens TX Hold Room"),
        ("DAUPHIN COUNTY JAIL PA", "Dauphin County Jail PA"),
        ("LORTON, VA HOLD ROOM", "Lorton, VA Hold Room"),
        ("LA PALMA CORRECTIONAL CENTER", "La Palma Correctional Center"),
        ("ST. ELIZABETH'S HOSPITAL (DC)", "St. Elizabeth's Hospital (DC)"),
        ("US MARSHALS W.D. L.A.", "US Marshals W.D. L.A."),
        ("SAN LUIS OBISPO CO JAIL", "San Luis Obispo County Jail"),
        ("REEVES CO. JUV. DET. CTR.", "Reeves County Juvenile Detention Center"),
        ("MONTGOMERY HOLD RM", "Montgomery Hold Room"),
        ("MCALLEN HOLD ROOM", "McAllen Hold Room"),
        ("SAC & FOX NATION JUVENILE DETENTION", "Sac & Fox Nation Juvenile Detention"),
        ("CORRECTIONAL CORPORATION OF AMERICA (JEFFERSON OK", "Correctional Corporation of America (Jefferson OK)"),
        ("YAZOO CITY MEDIUM SECURITY FEDERAL CORRECTIONAL IN", "Yazoo City Medium Security Federal Correctional Institute"),
        ("DENVER CDF II", "Denver CDF II"),
        ("Denver CDF II", "Denver CDF II"),  # mixed case is left as written
        ("River Correctional Center", "River Correctional Center"),
    ],
)
def test_normalize_facility_name(raw, name):
    assert normalize_facility_name(raw) == name


@pytest.mark.parametrize(
    "raw, title",
    [
        ("401 W PEACHTREE ST, STE 2600", "401 W Peachtree St, Ste 2600"),
        ("26 McGREGOR RANGE RD - DOOR 1", "26 McGregor Range Rd - Door 1"),
        ("18201 S.W. 12TH ST", "18201 S.W. 12th St"),
    ],
)
def test_smart_title_for_addresses(raw, title):
    from cases.reference import title_address

    assert title_address(raw) == title
    assert smart_title("") == ""


@pytest.mark.parametrize(
    "type_code, detailed, name, kind",
    [
        ("SPC", "SPC", "", "spc"),
        ("IGSA", "IGSA", "", "igsa"),
        ("USMS IGA", "USMS IGA", "", "usms"),
        ("USMS CDF", "USMS CDF", "", "usms"),
        ("CDF", "CDF", "", "contract"),
        ("IGSA", "DIGSA", "", "contract"),
        ("IGSA", "FAMILY", "", "family"),
        ("Other", "STAGING", "", "staging"),
        ("BOP", "BOP", "", "bop"),
        ("IGSA", "JUVENILE", "", "juvenile"),
        ("Other", "HOLD", "", "hold"),
        ("Other", "HOSPITAL", "", "hospital"),
        ("Other", "HEALTH", "", "hospital"),
        ("MIRP", "MIRP", "", "cbp"),
        ("Other", "POE", "", "cbp"),
        ("Other", "Other", "SOMEWHERE MEDICAL CENTER", "hospital"),
        ("Other", "Other", "Hold room", "hold"),
        ("Other", "?", "MERCER COUNTY CORRECTIONS", "other"),
        ("Other", "TRANSPORT", "MVM TRANSPORT, EL PASO", "other"),
    ],
)
def test_facility_kind(type_code, detailed, name, kind):
    assert facility_kind(type_code, detailed, name) == kind
