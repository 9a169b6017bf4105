"""Downloading the official files csinspect loads, for users outside the development environment.

Each file is fetched from the public republication that reference SOURCES.md records (DfE's and Ofsted's
files as kept in DfE's analytical-services repositories and mySociety's register), pinned to a commit, and
checked against its git blob id, so a download is byte-for-byte the file the loaders were tested on.
``base_url`` replaces the address with ``<base_url>/<file name>`` (a mirror, or a local test server).
Downloads go to a temporary name and are renamed only when complete and verified.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import httpx

from csinspect.sources.official.readers import OfficialDataError

CSC = "dfe-analytical-services/CSC_outcomes_and_enablers"
LAIT = "dfe-analytical-services/local-authority-interactive-tool"
MYSOCIETY = "mysociety/uk_local_authority_names_and_codes"
CSC_HEAD = "2f5d11a431050523dab58810083259d3313029ae"


@dataclass(frozen=True)
class OfficialFile:
    name: str
    repo: str
    commit: str
    path: str
    git_blob: str  # git hash-object of the expected content
    publisher: str

    @property
    def url(self) -> str:
        return f"https://raw.githubusercontent.com/{self.repo}/{self.commit}/{self.path}"


def _csc(name: str, commit: str, blob: str, publisher: str) -> OfficialFile:
    return OfficialFile(name, CSC, commit, f"data-raw/{name}", blob, publisher)


MANIFEST: tuple[OfficialFile, ...] = (
    _csc(
        "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
        "b4e78a2611aeab75c4d193c16203f68d5431e3c4",
        "b4bc45f8f138f8966e516285c9b00f44195a5adb",
        "Ofsted, Local authority inspection outcomes as at 31 March 2025",
    ),
    _csc(
        "Childrens_social_care_in_England_2023_underlying_data.ods",
        "1329930840af1494de032849c2f07a5d58e08f61",
        "a8fe9257b4290918fa98d9510449befeb7054c82",
        "Ofsted, Children's social care data in England 2023",
    ),
    _csc(
        "cla_number_and_rate_per_10k_children.csv",
        "9a527ae3b5a39c8dbd822cb0597cce5b6b65df32",
        "16c9959bcf7ba764e78f21f58bf14b4a9620b69f",
        "DfE EES, Children looked after in England",
    ),
    _csc(
        "ons_mid-year_population_estimates_2012_to_2024.csv",
        "c19350f74e8d3c1ad18beb2d6069f0c82f19a571",
        "a257cbd389585ffc68710e5156876bec40496e5a",
        "ONS mid-year estimates in EES layout (DfE)",
    ),
    _csc(
        "b1_children_in_need_2013_to_2025.csv",
        "c19350f74e8d3c1ad18beb2d6069f0c82f19a571",
        "b8157529ad7c966c87e9207beb5b7eb1b0b11670",
        "DfE EES, Children in need",
    ),
    _csc(
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        "c19350f74e8d3c1ad18beb2d6069f0c82f19a571",
        "a59eb0be73fb624c5bf300b91d708e281c100411",
        "DfE EES, Children in need",
    ),
    _csc(
        "d5_cpps_at31march_by_duration_2013_to_2025.csv",
        "c19350f74e8d3c1ad18beb2d6069f0c82f19a571",
        "eec30b62373e5ae2d3e6339178a4df918fc67296",
        "DfE EES, Children in need",
    ),
    OfficialFile(
        "sn_april_2021.xlsx",
        LAIT,
        "b3494e3d664dd68c9412e12f6a40c7bf975282d0",
        "01_data/02_prod/sn_april_2021.xlsx",
        "f7ecc0d973d2f8c149aadc1889845527c96bf7c7",
        "DfE children's services statistical neighbour benchmarking tool, April 2021",
    ),
    OfficialFile(
        "sn_may_2025.xlsx",
        LAIT,
        "b3494e3d664dd68c9412e12f6a40c7bf975282d0",
        "01_data/02_prod/sn_may_2025.xlsx",
        "0f25a86b8dcd4b29c74c30dd6824459214db2b91",
        "DfE children's services statistical neighbour benchmarking tool, May 2025",
    ),
    OfficialFile(
        "la_code_list.xlsx",
        LAIT,
        "c35a878913bd539c51bd57e2eafbd34811db10f2",
        "01_data/02_prod/la_code_list.xlsx",
        "f8207415c06a52ece80deff50792d1d899d3040c",
        "DfE LAIT LA list",
    ),
    OfficialFile(
        "bds_long_0.parquet",
        LAIT,
        "2e30e3959a6ab8b2d22941b84764da41a40ac91b",
        "01_data/02_prod/bds_long_0.parquet",
        "9e0b44c13f9484159240cc119b5017b6c345aaf5",
        "DfE LAIT benchmarking data set",
    ),
    OfficialFile(
        "uk_local_authorities.csv",
        MYSOCIETY,
        "67ef8b118938678401a452f4f19f669a7221cc73",
        "data/uk_local_authorities.csv",
        "2d9f90795c7d51f37bab7a24095309a06203e0f3",
        "mySociety register-based local authority lookup",
    ),
    # Indicator files (read by the indicator loaders), at the repository head SOURCES.md records.
    *(
        _csc(name, CSC_HEAD, blob, "DfE EES (republished by DfE analytical services)")
        for name, blob in (
            ("absence_la.csv", "09bc2c227d66bd38e4bd68d774b7aa060d34b157"),
            (
                "c3_factors_identified_at_end_of_assessment_2018_to_2025.csv",
                "951f1db7579c17c9e7cec7c49079a439205e1316",
            ),
            ("csww_indicators_2017_to_2025.csv", "4355c63870ed80b35c731390fb4e3b656e02ddce"),
            ("d3_cpps_subsequent_plan_2013_to_2025.csv", "d0d52f07e47ef738bb55d49fb095e77df2f06655"),
            ("ks2_la.csv", "c35069e35defe52824b3a22a46c55afd209201e7"),
            ("ks4_la.csv", "e06b5532025cc6c9051dbac4d2004927b1f762b0"),
            ("la_care_leavers_accommodation_suitability.csv", "894dc4495808444b66a0b183136d898562693957"),
            ("la_care_leavers_activity.csv", "5a59e38be254059152f90a45b9a4bd240a9dd765"),
            ("la_cla_placement_stability.csv", "5bf9182442ca26495d0cee849d7794f6b8bc92c8"),
            ("la_cla_swcount.csv", "150c9ca586a9740afa763b9961e6e8dace342675"),
            (
                "national_cla_adopted_average_time_between_adoption_process_stages.csv",
                "9876bc2979d1fd336a25bd7028e848dda4bdaf8c",
            ),
            # Added for the national framework dashboard's measures (shared SOURCES.md, December 2026).
            ("la_cla_during_year_new_placements.csv", "3d01fab2cfeb8f403167b4ba4b1144c7839bd7ca"),
            ("la_cla_school_moves.csv", "fdffcb411fb6fbc1f6366c90e53a5f2e299c0290"),
            ("la_conviction_health_outcome_cla.csv", "341a01a3070e13b836766b74420889d4ad03b5c0"),
            ("csww_headline_measures_2017_to_2022.csv", "33a08642c53d85f2c4c7b776dc9b23d5ac8f8151"),
        )
    ),
    *(
        _csc(name, CSC_HEAD, blob, publisher)
        for name, blob, publisher in (
            (
                "la_hospital_admissions_2324.csv",
                "634944efd94db430d952e1ca44ac0da1b62e6227",
                "OHID Fingertips, hospital admissions for injuries in children aged 0-14",
            ),
            (
                "region_hospital_admissions_2324.csv",
                "a1abd49681ee93c05af892df52aca64a9778fec7",
                "OHID Fingertips, hospital admissions for injuries in children aged 0-14",
            ),
            (
                "LTLA-UTLA_Apr23_Lookup_England-Wales.csv",
                "d78d06212b818b269470cb7e27fa20c0d0a82fdd",
                "ONS, lower-tier to upper-tier local authority lookup, April 2023",
            ),
            (
                "RO3_LA_Data_2024-25_data_by_LA.ods",
                "7237d8682d98429a4df133417acc1f7edaba71b3",
                "MHCLG, local authority revenue outturn 2024-25 (RO3)",
            ),
            (
                "RSX_LA_Data_2024-25_data_by_LA.ods",
                "83d431f6b3def60339920ede2f691391950344fa",
                "MHCLG, local authority revenue outturn 2024-25 (RSX)",
            ),
        )
    ),
    # The 2024 edition (years 2020-2024); the 2025 edition is not in the dashboard's repository.
    _csc(
        "la_children_who_ceased_during_the_year.csv",
        "1329930840af1494de032849c2f07a5d58e08f61",
        "950e94509a8e86c8b763eacbf3e5bf037faf8717",
        "DfE EES, Children looked after in England (2024 edition)",
    ),
    OfficialFile(
        "lait_data_dictionary.csv",
        LAIT,
        "2e30e3959a6ab8b2d22941b84764da41a40ac91b",
        "01_data/02_prod/lait_data_dictionary.csv",
        "195b2e09401434e81ad7e2783ed138c7d58ac9fc",
        "DfE LAIT data dictionary",
    ),
)


def git_blob_id(data: bytes) -> str:
    """What ``git hash-object`` prints for this content."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class FetchResult:
    file: str
    url: str
    bytes: int
    status: str  # downloaded | unchanged | failed
    message: str = ""


def fetch_all(
    dest: Path,
    base_url: str | None = None,
    names: set[str] | None = None,
    client: httpx.Client | None = None,
    timeout: float = 60.0,
) -> list[FetchResult]:
    """Download every file of the manifest (or ``names``) into ``dest``; files already there and
    verified are left alone. A failed download leaves no partial file behind."""
    dest.mkdir(parents=True, exist_ok=True)
    own = client is None
    http = client or httpx.Client(follow_redirects=True, timeout=timeout)
    results: list[FetchResult] = []
    try:
        for f in MANIFEST:
            if names is not None and f.name not in names:
                continue
            url = f"{base_url.rstrip('/')}/{f.name}" if base_url else f.url
            target = dest / f.name
            if target.is_file() and git_blob_id(target.read_bytes()) == f.git_blob:
                results.append(FetchResult(f.name, url, target.stat().st_size, "unchanged"))
                continue
            try:
                resp = http.get(url)
                resp.raise_for_status()
            except httpx.HTTPError as exc:
                results.append(FetchResult(f.name, url, 0, "failed", str(exc)))
                continue
            data = resp.content
            if git_blob_id(data) != f.git_blob:
                results.append(
                    FetchResult(f.name, url, len(data), "failed", "content differs from the expected version")
                )
                continue
            tmp = target.with_name(target.name + ".part")
            tmp.write_bytes(data)
            tmp.replace(target)
            results.append(FetchResult(f.name, url, len(data), "downloaded"))
    finally:
        if own:
            http.close()
    return results


def manifest_entry(name: str) -> OfficialFile:
    for f in MANIFEST:
        if f.name == name:
            return f
    raise OfficialDataError(f"{name}: not a file csinspect knows how to fetch")
